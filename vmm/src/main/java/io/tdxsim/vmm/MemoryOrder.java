package io.tdxsim.vmm;

import io.tdxsim.vmm.engine.TimedEvent;
import io.tdxsim.vmm.engine.TimerEvent;
import java.util.ArrayDeque;

/**
 * Deterministic mode: the one order in which the TD's shared memory is touched. Released events
 * that touch it go one at a time, in release order: a vCPU's instruction on memory (its turn),
 * a call to a device that may do DMA during the access, and a device's timer (whose callback may
 * do DMA). The next goes only when the one in hand is over: the vCPU's MemoryDone, the call's
 * answer, the device's report that its timers fired. So a device's transfer and every vCPU's
 * loads and stores happen in one sequence, the same at any dispatcher size.
 */
final class MemoryOrder {

    private final ArrayDeque<TimedEvent> waiting = new ArrayDeque<>();
    private TimedEvent active;

    void add(TimedEvent e) {
        waiting.add(e);
    }

    /**
     * A released call that touches no memory but was released after events still waiting here:
     * it starts right after them, so the VMM starts every call in the engine's order.
     */
    void addBehind(TimedEvent e) {
        waiting.add(new Behind(e));
    }

    /** No event waits (one may be in hand). */
    boolean isEmpty() {
        return waiting.isEmpty();
    }

    /** The virtual time of the first event waiting (the earliest: they wait in release order), or {@code none}. */
    long firstWaitingVt(long none) {
        TimedEvent head = waiting.peek();
        return head == null ? none : head.vt();
    }

    /** The event in hand, or null. */
    TimedEvent active() {
        return active;
    }

    /** The event in hand goes back to the engine without being let go (a spin turn moved later). */
    void putBack() {
        active = null;
    }

    /**
     * The next event to let go, or null while one is in hand or none waits. A call queued behind
     * the others goes as soon as they went: it holds no turn, so it does not wait for the one in hand.
     */
    TimedEvent next() {
        if (waiting.peek() instanceof Behind b) {
            waiting.poll();
            return b.event();
        }
        if (active != null || waiting.isEmpty()) {
            return null;
        }
        active = waiting.poll();
        return active;
    }

    private record Behind(TimedEvent event) implements TimedEvent {
        @Override
        public long vt() {
            return event.vt();
        }

        @Override
        public int source() {
            return event.source();
        }

        @Override
        public long seq() {
            return event.seq();
        }
    }

    /** A vCPU finished the instruction of its turn. */
    boolean turnDone() {
        return end(active instanceof MemoryTurn);
    }

    /** The call was answered (or will never be). */
    boolean callDone(TdVmCall call) {
        return end(active instanceof TdVmCall c && c.vcpu() == call.vcpu() && c.seq() == call.seq());
    }

    /** The device reported its released timers fired. */
    boolean timerDone(int device) {
        return end(active instanceof TimerEvent t && t.device() == device);
    }

    private boolean end(boolean matches) {
        if (matches) {
            active = null;
        }
        return matches;
    }
}
