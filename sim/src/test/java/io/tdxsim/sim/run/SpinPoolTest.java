package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The spin pool's queue: a taker polls first, then sleeps until work comes, and is woken by it. */
class SpinPoolTest {

    @Test
    void aTaskWaitingInTheQueueIsTakenWhilePolling() throws Exception {
        SpinPool.PollingQueue queue = new SpinPool.PollingQueue(1000);
        Runnable task = () -> { };
        queue.offer(task);
        assertSame(task, queue.take());
        assertEquals(0, queue.size());
    }

    @Test
    void aTakerThatHasGoneToSleepIsWokenByTheNextTask() throws Exception {
        SpinPool.PollingQueue queue = new SpinPool.PollingQueue(10);
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
}
