package io.tdxsim.sim.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tdxsim.sim.scenario.DispatcherExecutor;

/**
 * How the actor system's default dispatcher runs actors: the executor kind, its threads and how
 * many messages an actor handles before its thread moves on (Akka's throughput). A run uses what
 * its scenario's run block says, by default {@link #shipped()}; {@code tdxsim bench} sweeps them
 * all for the raw message limit and records which one won.
 *
 * @param threads 0 for the number of available processors
 */
public record DispatcherSetting(DispatcherExecutor executor, int threads, int throughput) {

    /** The setting a scenario asks for in its run block ({@code run.dispatcher-*}). */
    public static DispatcherSetting of(io.tdxsim.sim.scenario.Scenario s) {
        return new DispatcherSetting(DispatcherExecutor.ofScenarioName(s.run().dispatcherExecutor()),
                s.run().dispatcherThreads(), s.run().dispatcherThroughput());
    }

    /** What tdxsim ships: the setting of a scenario that says nothing (reference.conf's run block). */
    public static DispatcherSetting shipped() {
        Config run = ConfigFactory.defaultReference().getConfig("tdxsim.run");
        return new DispatcherSetting(DispatcherExecutor.ofScenarioName(run.getString("dispatcher-executor")),
                run.getInt("dispatcher-threads"), run.getInt("dispatcher-throughput"));
    }

    public DispatcherSetting {
        java.util.Objects.requireNonNull(executor, "executor");
        if (threads < 0 || throughput < 1) {
            throw new IllegalArgumentException("threads >= 0 and throughput >= 1: " + threads + ", " + throughput);
        }
    }

    /**
     * Polls of an idle {@code spin-pool} thread before it sleeps: about 40 us on the 2-core machine
     * it was tuned on, longer than the gaps between a busy run's messages and short enough that an
     * idle run's threads are soon asleep.
     */
    static final int SPIN_POOL_SPINS = 1000;

    public int resolvedThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** The default-dispatcher keys of this setting. */
    public Config config() {
        String d = "akka.actor.default-dispatcher.";
        int n = resolvedThreads();
        String sizing = switch (executor) {
            case FORK_JOIN -> d + "fork-join-executor.parallelism-min = " + n + "\n"
                    + d + "fork-join-executor.parallelism-max = " + n;
            case THREAD_POOL -> d + "thread-pool-executor.fixed-pool-size = " + n;
            // Its per-thread queues are bounded (512 by default) and a full one loses the actor's
            // turn, so a run with more runnable actors than that would hang: bound them far above
            // any vCPU count (the queues are linked, nothing is allocated up front).
            case AFFINITY_POOL -> d + "affinity-pool-executor.parallelism-min = " + n + "\n"
                    + d + "affinity-pool-executor.parallelism-max = " + n + "\n"
                    + d + "affinity-pool-executor.task-queue-size = " + (1 << 24);
            case SPIN_POOL -> d + "spin-pool.threads = " + n + "\n" + d + "spin-pool.spins = " + SPIN_POOL_SPINS;
        };
        return ConfigFactory.parseString(d + "executor = " + akkaExecutor() + "\n" + sizing + "\n"
                + d + "throughput = " + throughput);
    }

    /** What the dispatcher's {@code executor} key says: Akka's name, or the class Akka builds the spin pool from. */
    public String akkaExecutor() {
        return switch (executor) {
            case FORK_JOIN -> "fork-join-executor";
            case THREAD_POOL -> "thread-pool-executor";
            case AFFINITY_POOL -> "affinity-pool-executor";
            case SPIN_POOL -> SpinPool.class.getName();
        };
    }

    /** For tables and bench.json: {@code thread-pool 2 threads, throughput 100}. */
    public String label() {
        return executor.scenarioName() + " " + resolvedThreads()
                + " threads, throughput " + throughput;
    }
}
