package io.tdxsim.vmm;

import java.util.Arrays;

/**
 * The VMM's own count, per vCPU, of calls received and answers sent, kept where those things
 * happen so the end-of-run check compares two independent counts instead of one with itself.
 * A vCPU has at most one call outstanding and numbers its calls in order, so the highest
 * answered sequence number tells whether a call was answered already.
 *
 * <p>The VMM is the one server every call passes through, and with tens of thousands of vCPUs
 * each vCPU's entry is cold in the cache: so a vCPU's four figures sit side by side in one array
 * (one cache line) rather than in four arrays (four misses per call).
 */
final class CallLedger {

    private static final int RECEIVED = 0;
    private static final int ANSWERED = 1;
    private static final int HIGHEST_ANSWERED = 2;
    private static final int STATE = 3;
    private static final int SLOTS = 4;

    private static final long LIVE = 0;
    private static final long FINISHED = 1;
    private static final long STOPPED = 2;

    private long[] entries = new long[64 * SLOTS];
    private int ended;

    void received(int vcpu) {
        int at = slot(vcpu);                 // before indexing: slot() may replace the array
        entries[at + RECEIVED]++;
    }

    /** Marks (vcpu, seq) answered; false if it already was (a duplicate, or after a timeout). */
    boolean answer(int vcpu, long seq) {
        int at = slot(vcpu);
        if (seq <= entries[at + HIGHEST_ANSWERED]) {
            return false;
        }
        entries[at + HIGHEST_ANSWERED] = seq;
        entries[at + ANSWERED]++;
        return true;
    }

    boolean isAnswered(int vcpu, long seq) {
        int at = vcpu * SLOTS;
        return at < entries.length && seq <= entries[at + HIGHEST_ANSWERED];
    }

    /** The vCPU halted; false if it had ended already. */
    boolean finished(int vcpu) {
        return end(vcpu, FINISHED);
    }

    /** The vCPU was stopped for its snapshot and will take no more answers; false if it had ended. */
    boolean stopped(int vcpu) {
        return end(vcpu, STOPPED);
    }

    boolean isStopped(int vcpu) {
        int at = vcpu * SLOTS;
        return at < entries.length && entries[at + STATE] == STOPPED;
    }

    /** vCPUs that halted or were stopped. */
    int ended() {
        return ended;
    }

    long[] receivedBy(int vcpus) {
        return column(vcpus, RECEIVED);
    }

    long[] answeredBy(int vcpus) {
        return column(vcpus, ANSWERED);
    }

    private long[] column(int vcpus, int field) {
        long[] out = new long[vcpus];
        for (int v = 0; v < vcpus && v * SLOTS < entries.length; v++) {
            out[v] = entries[v * SLOTS + field];
        }
        return out;
    }

    private boolean end(int vcpu, long how) {
        int at = slot(vcpu);
        if (entries[at + STATE] != LIVE) {
            return false;
        }
        entries[at + STATE] = how;
        ended++;
        return true;
    }

    private int slot(int vcpu) {
        int at = vcpu * SLOTS;
        if (at >= entries.length) {
            entries = Arrays.copyOf(entries, Math.max(at + SLOTS, entries.length * 2));
        }
        return at;
    }
}
