package io.tdxsim.sim.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import io.tdxsim.sim.run.Exploration;
import io.tdxsim.sim.run.RunProgress;
import io.tdxsim.sim.scenario.HostPort;
import io.tdxsim.sim.scenario.Scenario;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The explore command's side of a campaign: a cluster node listening where the workers join it,
 * and the coordinator actor on it. The exploration it returns is merged by seed, as a local one.
 */
public final class CoordinatorNode implements AutoCloseable {

    /** @param problem why the campaign ended before every seed ran, or null */
    public record Result(Exploration exploration, String problem) {
    }

    private final ActorSystem<Void> system;

    private CoordinatorNode(ActorSystem<Void> system) {
        this.system = system;
    }

    /** Starts listening at {@code at}, the cluster's seed node, before any seed runs. */
    public static CoordinatorNode listen(HostPort at) throws NodeException {
        return new CoordinatorNode(ClusterNode.start(Behaviors.empty(), at, at, ClusterNode.COORDINATOR));
    }

    /**
     * Runs seeds {@code first..first+count-1} of {@code base} (the first seed's scenario) on the
     * workers that join, until every seed has its result, {@code stop} says so, or no worker has
     * been there for the scenario's join timeout. Joins, losses and (if {@code logTenths}) each
     * tenth of the seeds done are logged to {@code log}.
     */
    public Result explore(Scenario base, long first, int count, RunProgress progress, BooleanSupplier stop,
                          PrintStream log, boolean logTenths) {
        CompletableFuture<Coordinator.Outcome> done = new CompletableFuture<>();
        Coordinator.Plan plan = new Coordinator.Plan(base.name(), base.rendered(), first, count,
                Duration.ofMillis(base.cluster().joinTimeoutMs()), logTenths);
        ActorRef<Coordinator.Command> coordinator = system.systemActorOf(
                Coordinator.create(plan, progress, log, done), "explore-coordinator", Props.empty());
        Coordinator.Outcome o = await(done, coordinator, stop);
        return new Result(Exploration.merge(o.seeds(), base, o.stopped()), o.problem());
    }

    private static Coordinator.Outcome await(CompletableFuture<Coordinator.Outcome> done,
                                             ActorRef<Coordinator.Command> coordinator, BooleanSupplier stop) {
        boolean told = false;
        while (true) {
            try {
                return done.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!told && stop.getAsBoolean()) {
                    coordinator.tell(new Coordinator.Stop());
                    told = true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the coordinator failed", e.getCause());
            }
        }
    }

    /** Leaves the cluster (the workers see the coordinator go) and stops the node. */
    @Override
    public void close() {
        io.tdxsim.sim.run.ActorSystems.shutDown(system, java.time.Duration.ofSeconds(30));
    }
}
