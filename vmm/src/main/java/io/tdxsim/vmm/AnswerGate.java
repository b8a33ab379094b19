package io.tdxsim.vmm;

/**
 * Deterministic mode with interrupts: the VMM handles the outcome of each call (answer, refusal,
 * Instruction.HLT) in the order the engine dispatched the calls, whatever order the devices'
 * answers arrive in. An answer then carries exactly the interrupts raised by calls dispatched
 * before it, a fact of the engine's order, not of the host's threads.
 */
final class AnswerGate {

    private final long[] ticketOf;
    private final long[] seqOf;
    private final java.util.HashMap<Long, Runnable> ready = new java.util.HashMap<>();
    private long issued;
    private long next;
    private boolean draining;

    /** @param sources the vCPUs, then one per device for its timer firings */
    AnswerGate(int sources) {
        ticketOf = new long[sources];
        seqOf = new long[sources];
        java.util.Arrays.fill(seqOf, -1);
    }

    /** The outcome of the latest event {@code source} was dispatched for (a device's timer firing). */
    void doneLatest(int source, Runnable handle) {
        done(source, seqOf[source], handle);
    }

    /** Call {@code seq} of {@code vcpu} was dispatched: it takes the next place in line. */
    void dispatched(int vcpu, long seq) {
        ticketOf[vcpu] = issued++;
        seqOf[vcpu] = seq;
    }

    /**
     * The outcome of call {@code seq} of {@code vcpu} is known: {@code handle} runs once every
     * call dispatched before it has been handled. A second outcome of a call (a duplicated
     * answer) runs at once: the VMM only counts it.
     */
    void done(int vcpu, long seq, Runnable handle) {
        long ticket = ticketOf[vcpu];
        if (seqOf[vcpu] != seq || ticket < next || ready.containsKey(ticket)) {
            handle.run();
            return;
        }
        ready.put(ticket, handle);
        if (draining) {
            return;                      // the outer loop below picks it up
        }
        draining = true;
        try {
            for (Runnable r = ready.remove(next); r != null; r = ready.remove(next)) {
                next++;
                r.run();
            }
        } finally {
            draining = false;
        }
    }
}
