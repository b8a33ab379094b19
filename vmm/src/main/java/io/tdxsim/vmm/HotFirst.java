package io.tdxsim.vmm;

import akka.actor.typed.Behavior;
import akka.actor.typed.Signal;
import akka.actor.typed.javadsl.Receive;
import java.util.function.Function;

/**
 * A receive that hands an actor's per-exit messages to a type switch and the rest to a built
 * receive. A built receive boxes an Option for every case it tries, so a call and its answer
 * through the VMM and a device cost about 130 bytes of garbage per exit before any work is done.
 */
public final class HotFirst<T> extends Receive<T> {

    private final Function<T, Behavior<T>> hot;
    private final Receive<T> rest;

    /** @param hot handles a per-exit message, or returns null for {@code rest} to handle it */
    public HotFirst(Function<T, Behavior<T>> hot, Receive<T> rest) {
        this.hot = hot;
        this.rest = rest;
    }

    @Override
    public Behavior<T> receiveMessage(T msg) throws Exception {
        Behavior<T> next = hot.apply(msg);
        return next != null ? next : rest.receiveMessage(msg);
    }

    @Override
    public Behavior<T> receiveSignal(Signal signal) throws Exception {
        return rest.receiveSignal(signal);
    }
}
