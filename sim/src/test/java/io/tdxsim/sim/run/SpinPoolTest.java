package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The spin pool's queue: a taker polls first, then sleeps until work comes, and is woken by it. */
class SpinPoolTest {

    @Test
    void aTaskWaitingInTheQueueIsTakenWhilePolling() throws Exception {
        PollingQueue queue = new PollingQueue(1000);
        Runnable task = () -> { };
        queue.offer(task);
        assertSame(task, queue.take());
        assertEquals(0, queue.size());
    }

    @Test
    void aTakerThatHasGoneToSleepIsWokenByTheNextTask() throws Exception {
        PollingQueue queue = new PollingQueue(10);
        CompletableFuture<Runnable> taken = new CompletableFuture<>();
        Thread taker = new Thread(() -> {
            try {
                taken.complete(queue.take());
            } catch (InterruptedException e) {
                taken.completeExceptionally(e);
            }
        });
        taker.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!queue.hasWaitingConsumer() && System.nanoTime() < deadline) {
            Thread.sleep(1);                 // until its ten polls are over and it waits for work
        }
        assertTrue(queue.hasWaitingConsumer(), "the taker went to sleep after polling");
        Runnable task = () -> { };
        queue.offer(task);
        assertSame(task, taken.get(10, TimeUnit.SECONDS));
        taker.join();
    }

    @Test
    void noTaskWaitsWhileTakersSleep() throws Exception {
        PollingQueue queue = new PollingQueue(5);    // takers sleep after a few polls: many sleeps, many wake-ups
        int producers = 3;
        int each = 20_000;
        CountDownLatch done = new CountDownLatch(producers * each);
        AtomicInteger ran = new AtomicInteger();
        Thread[] takers = new Thread[2];
        for (int t = 0; t < takers.length; t++) {
            takers[t] = new Thread(() -> {
                try {
                    while (true) {
                        queue.take().run();
                    }
                } catch (InterruptedException stop) {
                    // the test is over
                }
            });
            takers[t].start();
        }
        Thread[] senders = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            senders[p] = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    queue.offer(() -> {
                        ran.incrementAndGet();
                        done.countDown();
                    });
                    if (i % 64 == 0) {
                        Thread.yield();             // gaps, so takers go to sleep between tasks
                    }
                }
            });
            senders[p].start();
        }
        boolean all = done.await(60, TimeUnit.SECONDS);
        for (Thread t : takers) {
            t.interrupt();
            t.join();
        }
        assertTrue(all, "every task ran: " + ran.get() + " of " + producers * each);
        assertEquals(0, queue.size());
    }

    @Test
    void aTimedTakeGivesUpAtItsDeadlineAndIsWokenByATaskBeforeIt() throws Exception {
        PollingQueue queue = new PollingQueue(10);
        long start = System.nanoTime();
        assertEquals(null, queue.poll(50, TimeUnit.MILLISECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(50), "waited out its time");

        CompletableFuture<Runnable> taken = new CompletableFuture<>();
        Thread taker = new Thread(() -> {
            try {
                taken.complete(queue.poll(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                taken.completeExceptionally(e);
            }
        });
        taker.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!queue.hasWaitingConsumer() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Runnable task = () -> { };
        queue.offer(task);
        assertSame(task, taken.get(10, TimeUnit.SECONDS), "woken long before its 30 s were up");
        taker.join();
    }
}
