package io.tdxsim.sim.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Locale;

/**
 * How the actor system's default dispatcher runs actors: the executor kind, its threads and how
 * many messages an actor handles before its thread moves on (Akka's throughput). Every run uses
 * {@link #SHIPPED}; {@code tdxsim bench} sweeps the others for the raw message limit and records
 * which one won.
 *
 * @param threads 0 for the number of available processors
 */
public record DispatcherSetting(Executor executor, int threads, int throughput) {

    /** The executors Akka 2.6 offers for a dispatcher. */
    public enum Executor {
        FORK_JOIN("fork-join-executor"),
        THREAD_POOL("thread-pool-executor"),
        AFFINITY_POOL("affinity-pool-executor");

        public final String akkaName;

        Executor(String akkaName) {
            this.akkaName = akkaName;
        }
    }

    /**
     * What tdxsim ships: a fixed thread pool, 100 messages per turn. Measured by the bench's
     * sweep on a 2-core machine, the thread pool passed the fork-join pool's raw round trips by
     * about a third at 64 and 4,096 senders, and tdxsim's own exits gained with it.
     */
    public static final DispatcherSetting SHIPPED = new DispatcherSetting(Executor.THREAD_POOL, 0, 100);

    public DispatcherSetting {
        if (threads < 0 || throughput < 1) {
            throw new IllegalArgumentException("threads >= 0 and throughput >= 1: " + threads + ", " + throughput);
        }
    }

    /** The same setting with {@code n} threads (0: the processors). */
    public DispatcherSetting withThreads(int n) {
        return new DispatcherSetting(executor, n, throughput);
    }

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
            case AFFINITY_POOL -> d + "affinity-pool-executor.parallelism-min = " + n + "\n"
                    + d + "affinity-pool-executor.parallelism-max = " + n;
        };
        return ConfigFactory.parseString(d + "executor = " + executor.akkaName + "\n" + sizing + "\n"
                + d + "throughput = " + throughput);
    }

    /** For tables and bench.json: {@code thread-pool 2 threads, throughput 100}. */
    public String label() {
        return executor.akkaName.replace("-executor", "").toLowerCase(Locale.ROOT) + " " + resolvedThreads()
                + " threads, throughput " + throughput;
    }
}
