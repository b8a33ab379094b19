package io.tdxsim.vmm;

import java.util.Arrays;

/**
 * The VMM's own count, per vCPU, of calls received and answers sent, kept where those things
 * happen so the end-of-run check compares two independent counts instead of one with itself.
 * A vCPU has at most one call outstanding and numbers its calls in order, so the highest
 * answered sequence number tells whether a call was answered already.
 */
final class CallLedger {

    private static final byte LIVE = 0;
    private static final byte FINISHED = 1;
    private static final byte STOPPED = 2;

    private long[] received = new long[64];
    private long[] answered = new long[64];
    private long[] highestAnswered = new long[64];
    private byte[] state = new byte[64];
    private int ended;

    void received(int vcpu) {
        grow(vcpu);
        received[vcpu]++;
    }

    /** Marks (vcpu, seq) answered; false if it already was (a duplicate, or after a timeout). */
    boolean answer(int vcpu, long seq) {
        grow(vcpu);
        if (seq <= highestAnswered[vcpu]) {
            return false;
        }
        highestAnswered[vcpu] = seq;
        answered[vcpu]++;
        return true;
    }

    boolean isAnswered(int vcpu, long seq) {
        return vcpu < highestAnswered.length && seq <= highestAnswered[vcpu];
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
        return vcpu < state.length && state[vcpu] == STOPPED;
    }

    /** vCPUs that halted or were stopped. */
    int ended() {
        return ended;
    }

    long[] receivedBy(int vcpus) {
        return Arrays.copyOf(received, vcpus);
    }

    long[] answeredBy(int vcpus) {
        return Arrays.copyOf(answered, vcpus);
    }

    private boolean end(int vcpu, byte how) {
        grow(vcpu);
        if (state[vcpu] != LIVE) {
            return false;
        }
        state[vcpu] = how;
        ended++;
        return true;
    }

    private void grow(int vcpu) {
        if (vcpu >= received.length) {
            int n = Math.max(vcpu + 1, received.length * 2);
            received = Arrays.copyOf(received, n);
            answered = Arrays.copyOf(answered, n);
            highestAnswered = Arrays.copyOf(highestAnswered, n);
            state = Arrays.copyOf(state, n);
        }
    }
}
