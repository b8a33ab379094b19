package io.tdxsim.sim.run;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Props;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tdxsim.sim.scenario.DispatcherExecutor;

/**
 * How a run's actors get threads: the executor kind, the default dispatcher's threads, how many
 * messages an actor handles before its thread moves on (Akka's throughput), and the threads of a
 * dispatcher of their own for the actors that serve exits (the VMM and the devices that serve one
 * access at a time), 0 to keep them on the default one. A run uses what its scenario's run block
 * says, by default {@link #shipped()}; {@code tdxsim bench} sweeps them all for the raw message
 * limit and records which one won.
 *
 * @param threads        0 for the number of available processors
 * @param servingThreads threads of the serving dispatcher (same executor kind and throughput)
 */
public record DispatcherSetting(DispatcherExecutor executor, int threads, int throughput, int servingThreads) {

    /** The serving dispatcher's id in the actor system's configuration, present only if it has threads. */
    public static final String SERVING_DISPATCHER = "tdxsim-serving-dispatcher";

    /** Everything on the default dispatcher. */
    public DispatcherSetting(DispatcherExecutor executor, int threads, int throughput) {
        this(executor, threads, throughput, 0);
    }

    /**
     * The setting a scenario's run block asks for ({@code run.dispatcher-*}, {@code run.serving-*}):
     * no serving threads unless it has more vCPUs than {@code run.serving-above-vcpus}.
     */
    public static DispatcherSetting of(io.tdxsim.sim.scenario.Scenario s) {
        return new DispatcherSetting(DispatcherExecutor.ofScenarioName(s.run().dispatcherExecutor()),
                threadsFor(s.run().dispatcherThreads(), s.vcpuCount()), s.run().dispatcherThroughput(),
                s.vcpuCount() > s.run().servingAboveVcpus() ? s.run().servingThreads() : 0);
    }

    /**
     * Threads "the processors" (0) means for a run of {@code vcpus}: no more than its vCPUs. A vCPU
     * waits for each answer, so while the VMM or a device works some vCPU's thread is free, and a
     * thread more only adds hand-overs between cores: one vCPU on one thread ran 3.2 times the
     * stress exits and 2.3 times the deterministic ones of two threads (2 cores, cold runs).
     */
    static int threadsFor(int threads, int vcpus) {
        int processors = Runtime.getRuntime().availableProcessors();
        return threads == 0 && vcpus < processors ? Math.max(1, vcpus) : threads;
    }

    /** What tdxsim ships, serving threads included (reference.conf's run block). */
    public static DispatcherSetting shipped() {
        Config run = ConfigFactory.defaultReference().getConfig("tdxsim.run");
        return new DispatcherSetting(DispatcherExecutor.ofScenarioName(run.getString("dispatcher-executor")),
                run.getInt("dispatcher-threads"), run.getInt("dispatcher-throughput"), run.getInt("serving-threads"));
    }

    /** The vCPU count above which a scenario that says nothing gets serving threads. */
    public static int shippedServingAboveVcpus() {
        return ConfigFactory.defaultReference().getInt("tdxsim.run.serving-above-vcpus");
    }

    /**
     * What a scenario that says nothing gets at {@code vcpus} vCPUs: {@link #shipped()}, with no
     * more threads than vCPUs and serving threads only above the shipped count.
     */
    public static DispatcherSetting shippedFor(int vcpus) {
        DispatcherSetting all = shipped();
        return new DispatcherSetting(all.executor(), threadsFor(all.threads(), vcpus), all.throughput(),
                vcpus > shippedServingAboveVcpus() ? all.servingThreads() : 0);
    }

    /**
     * Where an actor that serves exits is spawned in {@code system}: on the serving dispatcher if
     * the system was configured with one, else on the default dispatcher.
     */
    public static Props servingProps(ActorSystem<?> system) {
        return system.settings().config().hasPath(SERVING_DISPATCHER)
                ? DispatcherSelector.fromConfig(SERVING_DISPATCHER) : Props.empty();
    }

    public DispatcherSetting {
        java.util.Objects.requireNonNull(executor, "executor");
        if (threads < 0 || throughput < 1 || servingThreads < 0) {
            throw new IllegalArgumentException("threads >= 0, throughput >= 1 and serving threads >= 0: " + threads
                    + ", " + throughput + ", " + servingThreads);
        }
    }

    /**
     * Polls of an idle {@code spin-pool} thread before it sleeps: about 40 us on the 2-core machine
     * it was tuned on, longer than the gaps between a busy run's messages and short enough that an
     * idle run's threads are soon asleep.
     */
    static final int SPIN_POOL_SPINS = 1000;

    /** The default dispatcher's threads. */
    public int resolvedThreads() {
        return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    }

    /** The default dispatcher's keys, and the serving dispatcher's if it has threads. */
    public Config config() {
        Config defaults = ConfigFactory.parseString(executorKeys("akka.actor.default-dispatcher.", resolvedThreads()));
        if (servingThreads == 0) {
            return defaults;
        }
        return ConfigFactory.parseString(SERVING_DISPATCHER + ".type = Dispatcher\n"
                + executorKeys(SERVING_DISPATCHER + ".", servingThreads)).withFallback(defaults);
    }

    private String executorKeys(String d, int n) {
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
        return d + "executor = " + akkaExecutor() + "\n" + sizing + "\n" + d + "throughput = " + throughput;
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

    /** For tables and bench.json: {@code thread-pool 2 threads, throughput 100} or {@code spin-pool 2+1 serving threads, throughput 100}. */
    public String label() {
        int threads = resolvedThreads();
        return executor.scenarioName() + " " + threads + (servingThreads > 0 ? "+" + servingThreads + " serving" : "")
                + (threads == 1 && servingThreads == 0 ? " thread" : " threads") + ", throughput " + throughput;
    }
}
