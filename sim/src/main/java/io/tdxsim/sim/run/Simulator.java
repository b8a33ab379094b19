package io.tdxsim.sim.run;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.tdxsim.sim.scenario.Scenario;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One actor system for one or more runs of a scenario: repeated runs (outcome sampling, replay)
 * pay the system's start-up once.
 */
final class Simulator implements AutoCloseable {

    private record StartRun(Wiring wiring, CompletableFuture<RunGuardian.Collected> done,
                            CompletableFuture<akka.actor.typed.ActorRef<RunGuardian.Command>> started) { }

    /**
     * The runs in progress in this JVM (an exploration runs several at once), so a signal
     * handler can stop them: a signal is process-wide, so this one registry is too.
     */
    private static final java.util.Set<CompletableFuture<akka.actor.typed.ActorRef<RunGuardian.Command>>> ACTIVE =
            java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static volatile boolean stopRequested;

    private static final java.util.concurrent.ScheduledExecutorService TIMER =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tdxsim-run-timer");
                t.setDaemon(true);
                return t;
            });

    private final Scenario scenario;
    /** The system the runs live in; null when it belongs to someone else (a split run's cluster node). */
    private final ActorSystem<StartRun> system;
    private final akka.actor.typed.ActorRef<StartRun> root;
    /** Where the other nodes of a split run are, or null for runs in this JVM. */
    private final SplitRun cluster;

    /**
     * Stops the run in progress (and any repeats after it): vCPUs stop where they are, the
     * partial results are collected and the run is reported incomplete.
     */
    static void stopActive() {
        stopRequested = true;
        for (CompletableFuture<akka.actor.typed.ActorRef<RunGuardian.Command>> run : ACTIVE) {
            run.thenAccept(guardian -> guardian.tell(RunGuardian.Finish.INSTANCE));
        }
    }

    static boolean stopRequested() {
        return stopRequested;
    }

    /** A new command (or test) starts: an earlier stop request no longer applies. */
    static void clearStop() {
        stopRequested = false;
    }

    Simulator(Scenario scenario) {
        this.scenario = scenario;
        this.system = ActorSystem.create(root(), "tdxsim", SimRun.actorConfig(scenario));
        this.root = system;
        this.cluster = null;
    }

    /** Runs on {@code cluster}'s node, each with vCPUs on the nodes that joined it. */
    Simulator(Scenario scenario, SplitRun cluster) {
        this.scenario = scenario;
        this.system = null;
        this.root = cluster.system().systemActorOf(root(), "runs", akka.actor.typed.Props.empty());
        this.cluster = cluster;
    }

    private static Behavior<StartRun> root() {
        return Behaviors.setup(context -> {
            int[] counter = {0};
            return Behaviors.receive(StartRun.class).onMessage(StartRun.class, start -> {
                var guardian = context.spawn(RunGuardian.create(start.wiring(), start.done()), "run-" + counter[0]++);
                start.started().complete(guardian);
                return Behaviors.same();
            }).build();
        });
    }

    RunResult run(Wiring wiring) {
        return run(scenario, wiring);
    }

    /**
     * Runs {@code wiring}, built from {@code scenario}: a scenario that differs from this system's
     * only in what its runs do (an exploration's next seed) reuses the system.
     */
    RunResult run(Scenario scenario, Wiring wiring) {
        CompletableFuture<RunGuardian.Collected> done = new CompletableFuture<>();
        CompletableFuture<akka.actor.typed.ActorRef<RunGuardian.Command>> started = new CompletableFuture<>();
        if (cluster != null) {
            wiring = wiring.splitOver(cluster.split());
        }
        long start = System.nanoTime();
        root.tell(new StartRun(wiring, done, started));
        ACTIVE.add(started);
        if (stopRequested) {
            stopActive();
        }
        RunGuardian.Collected collected;
        HeapSampler sampler = new HeapSampler(wiring.recorder(), scenario.run().sampleIntervalMs());
        sampler.start();
        java.util.concurrent.ScheduledFuture<?> stopAtDuration = scenario.run().durationMs() > 0
                ? TIMER.schedule(() -> started.thenAccept(g -> g.tell(RunGuardian.DurationReached.INSTANCE)),
                        scenario.run().durationMs(), TimeUnit.MILLISECONDS)
                : null;
        try {
            collected = await(done, started, scenario.run().timeoutMs());
        } finally {
            ACTIVE.remove(started);
            sampler.stop();
            if (stopAtDuration != null) {
                stopAtDuration.cancel(false);
            }
        }
        return SimRun.result(scenario, wiring, collected, System.nanoTime() - start, sampler.samples());
    }

    private static RunGuardian.Collected await(CompletableFuture<RunGuardian.Collected> done,
                                               CompletableFuture<akka.actor.typed.ActorRef<RunGuardian.Command>> started,
                                               long timeoutMs) {
        try {
            return done.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            try {
                started.get(10, TimeUnit.SECONDS).tell(RunGuardian.Finish.INSTANCE);
                return done.get(30, TimeUnit.SECONDS);
            } catch (Exception again) {
                throw new IllegalStateException("run did not stop after its timeout", again);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Split.NodeLost lost) {
                throw lost;
            }
            throw new IllegalStateException("run failed", e.getCause());
        }
    }

    @Override
    public void close() {
        if (system != null) {
            ActorSystems.shutDown(system, java.time.Duration.ofSeconds(30));
        }
    }
}
