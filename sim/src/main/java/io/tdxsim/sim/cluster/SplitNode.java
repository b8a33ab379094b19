package io.tdxsim.sim.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.run.Split;
import io.tdxsim.sim.run.SplitRun;
import io.tdxsim.sim.scenario.HostPort;
import io.tdxsim.sim.scenario.Scenario;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The run command's node when a run is split over JVMs: it listens where the workers join, hands
 * each a range of the vCPUs and hosts the VMM, the devices and the first vCPUs itself. Each run
 * of the scenario (outcomes.repeat) uses the same workers.
 */
public final class SplitNode implements SplitRun, AutoCloseable {

    private final ActorSystem<Void> system;
    private final Hosting.Hosts hosts;
    private final int homeEnd;
    private int runs;

    private SplitNode(ActorSystem<Void> system, Hosting.Hosts hosts, int homeEnd) {
        this.system = system;
        this.hosts = hosts;
        this.homeEnd = homeEnd;
    }

    /**
     * Why {@code s} cannot be split over JVMs, as one line naming the scenario's file, line and key;
     * null if it can. Stress mode takes no memory turns, so nothing would keep the nodes' copies of
     * RAM the same for guest programs.
     */
    public static String cannotSplit(Scenario s) {
        if (s.mode() == Scenario.Mode.DETERMINISTIC) {
            return null;
        }
        for (int g = 0; g < s.groups().size(); g++) {
            Scenario.Group group = s.groups().get(g);
            if (group.program() != null) {
                return group.where() + "tdxsim.vcpus[" + g + "].program: a run split over JVMs (--cluster) runs guest "
                        + "programs only in mode = deterministic, whose memory turns keep each node's copy of RAM the same";
            }
        }
        return null;
    }

    /**
     * Listens at {@code at} and waits (up to the scenario's cluster.join-timeout) until
     * {@code workers} workers have joined and wired {@code s}; joins are logged to {@code log}.
     */
    public static SplitNode open(HostPort at, Scenario s, int workers, PrintStream log) throws NodeException {
        int vcpus = s.vcpuCount();
        if (vcpus < workers + 1) {
            throw new NodeException("cannot split " + vcpus + " vCPU" + (vcpus == 1 ? "" : "s") + " over "
                    + (workers + 1) + " nodes (this one and " + workers + " worker" + (workers == 1 ? "" : "s") + ")");
        }
        int[] ranges = new int[workers + 2];
        for (int k = 0; k < ranges.length; k++) {
            ranges[k] = (int) ((long) k * vcpus / (workers + 1));
        }
        ActorSystem<Void> system = ClusterNode.start(Behaviors.empty(), at, at, ClusterNode.COORDINATOR,
                SimRun.actorConfig(s));
        CompletableFuture<Hosting.Hosts> ready = new CompletableFuture<>();
        Duration patience = Duration.ofMillis(s.cluster().joinTimeoutMs());
        system.systemActorOf(Hosting.create(new Hosting.Plan(s.name(), s.rendered(), ranges, patience, at.toString()),
                ready, log), "split-hosting", Props.empty());
        try {
            return new SplitNode(system, ready.get(), ranges[1]);
        } catch (ExecutionException e) {
            io.tdxsim.sim.run.ActorSystems.shutDown(system, Duration.ofSeconds(30));
            throw e.getCause() instanceof NodeException n ? n : new NodeException(ClusterNode.rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.tdxsim.sim.run.ActorSystems.shutDown(system, Duration.ofSeconds(30));
            throw new NodeException("interrupted while waiting for workers");
        }
    }

    @Override
    public ActorSystem<?> system() {
        return system;
    }

    @Override
    public Split split() {
        return new SplitVcpus(hosts.hosts(), homeEnd, runs++);
    }

    /** Tells the workers the run is over and leaves the cluster. */
    @Override
    public void close() {
        for (var w : hosts.workers()) {
            w.tell(new Worker.Finish(runs));
        }
        io.tdxsim.sim.run.ActorSystems.shutDown(system, Duration.ofSeconds(30));
    }
}
