package io.tdxsim.sim.run;

import akka.dispatch.DispatcherPrerequisites;
import akka.dispatch.ExecutorServiceConfigurator;
import akka.dispatch.ExecutorServiceFactory;
import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The {@code spin-pool} executor: a fixed thread pool on one shared queue whose idle threads poll
 * it for a while before they sleep. A thread-pool's idle thread sleeps at once, and every actor
 * then scheduled pays a futex wake-up in the sending thread (about a tenth of the VMM actor's time
 * at 4,096 vCPUs on 2 cores, profiled). The queue's producers wake only a thread that really
 * sleeps, so while one polls, handing it work costs an enqueue ({@link PollingQueue}).
 * <p>
 * Akka builds it from a dispatcher's {@code executor = <this class>} and reads
 * {@code spin-pool.threads} and {@code spin-pool.spins} from the dispatcher's block.
 */
public final class SpinPool extends ExecutorServiceConfigurator {

    private final int threads;
    private final int spins;

    public SpinPool(Config config, DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
        this.threads = config.getInt("spin-pool.threads");
        this.spins = config.getInt("spin-pool.spins");
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
        // named by dispatcher, as Akka's own executors name theirs, so a profile tells the pools apart
        ThreadFactory named = threadFactory instanceof akka.dispatch.MonitorableThreadFactory m
                ? m.withName(m.name() + "-" + id) : threadFactory;
        return () -> new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new PollingQueue(spins), named);
    }
}
