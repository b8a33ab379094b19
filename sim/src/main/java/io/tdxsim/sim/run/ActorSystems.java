package io.tdxsim.sim.run;

import akka.actor.typed.ActorSystem;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stopping an actor system the one way every part of tdxsim does. */
public final class ActorSystems {

    private ActorSystems() {
    }

    /**
     * Terminates {@code system} and waits up to {@code patience} for it: a system that takes
     * longer is going away regardless, and there is nothing left to report from it.
     */
    public static void shutDown(ActorSystem<?> system, Duration patience) {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // going away either way
        }
    }
}
