package io.tdxsim.sim.run;

import java.util.AbstractQueue;
import java.util.Collection;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jctools.queues.MpmcUnboundedXaddArrayQueue;

/**
 * The {@link SpinPool}'s task queue: a taker polls {@code spins} times before it sleeps until a
 * task comes, so handing work to a polling thread costs one enqueue and no wake-up. The tasks are
 * in a JCTools queue whose producers' and consumers' indices lie on cache lines of their own:
 * in the JDK's LinkedTransferQueue both ends share one line, and the VMM's thread, scheduling a
 * vCPU actor with each answer, spent a sixth of its time at 65,536 vCPUs in deterministic mode
 * waiting for that line to come back from a polling thread.
 * <p>
 * A sleeper counts itself in {@code sleepers} before its last look at the queue; a producer
 * enqueues before it looks at the count, and wakes one sleeper (taking it off the count) if there
 * is one. Both steps are sequentially consistent, so a task is either seen by that last look or
 * wakes someone. A sleeper that found a task in its last look stays counted, and costs at most
 * one spurious wake-up later.
 * <p>
 * Only what a ThreadPoolExecutor uses is supported: no iteration, and {@link #remove(Object)}
 * (the executor's undo of a task offered while it shuts down) removes nothing.
 */
final class PollingQueue extends AbstractQueue<Runnable> implements BlockingQueue<Runnable> {

    /** On two cores a thread that only spun kept the JIT compiler waiting for its core. */
    private static final int YIELD_EVERY = 100;
    private static final int CHUNK = 1024;

    private final MpmcUnboundedXaddArrayQueue<Runnable> tasks = new MpmcUnboundedXaddArrayQueue<>(CHUNK);
    private final AtomicInteger sleepers = new AtomicInteger();
    private final Semaphore wakeUps = new Semaphore(0);
    private final int spins;

    PollingQueue(int spins) {
        this.spins = spins;
    }

    @Override
    public boolean offer(Runnable task) {
        tasks.offer(java.util.Objects.requireNonNull(task));
        for (int n = sleepers.get(); n > 0; n = sleepers.get()) {
            if (sleepers.compareAndSet(n, n - 1)) {
                wakeUps.release();
                break;
            }
        }
        return true;
    }

    @Override
    public Runnable take() throws InterruptedException {
        return await(false, 0);
    }

    @Override
    public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
        return await(true, System.nanoTime() + unit.toNanos(timeout));
    }

    /** Spins, then sleeps until a task comes or, if {@code timed}, until {@code deadline} (null then). */
    private Runnable await(boolean timed, long deadline) throws InterruptedException {
        while (true) {
            Runnable task = spin();
            if (task != null) {
                return task;
            }
            long left = timed ? deadline - System.nanoTime() : Long.MAX_VALUE;
            if (left <= 0) {
                return null;
            }
            sleepers.incrementAndGet();
            task = tasks.poll();
            if (task != null) {
                return task;
            }
            if (!timed) {
                wakeUps.acquire();
            } else if (!wakeUps.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                return tasks.poll();
            }
        }
    }

    private Runnable spin() {
        for (int i = 1; i <= spins; i++) {
            Runnable task = tasks.poll();
            if (task != null) {
                return task;
            }
            if (i % YIELD_EVERY == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
        return null;
    }

    /** A taker sleeps, counted and not yet woken. */
    boolean hasWaitingConsumer() {
        return sleepers.get() > 0;
    }

    @Override
    public Runnable poll() {
        return tasks.poll();
    }

    @Override
    public Runnable peek() {
        return tasks.peek();
    }

    @Override
    public void put(Runnable task) {
        offer(task);
    }

    @Override
    public boolean offer(Runnable task, long timeout, TimeUnit unit) {
        return offer(task);
    }

    @Override
    public int remainingCapacity() {
        return Integer.MAX_VALUE;
    }

    @Override
    public int drainTo(Collection<? super Runnable> to) {
        return drainTo(to, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super Runnable> to, int max) {
        int n = 0;
        for (Runnable task; n < max && (task = tasks.poll()) != null; n++) {
            to.add(task);
        }
        return n;
    }

    @Override
    public boolean remove(Object task) {
        return false;
    }

    @Override
    public int size() {
        return tasks.size();
    }

    @Override
    public boolean isEmpty() {
        return tasks.isEmpty();
    }

    @Override
    public Iterator<Runnable> iterator() {
        throw new UnsupportedOperationException("the spin pool's queue is not iterated");
    }
}
