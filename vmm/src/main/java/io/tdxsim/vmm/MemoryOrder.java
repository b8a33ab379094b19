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

    /** The next event to let go, or null while one is in hand or none waits. */
    TimedEvent next() {
        if (active != null || waiting.isEmpty()) {
            return null;
        }
        active = waiting.poll();
        return active;
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
