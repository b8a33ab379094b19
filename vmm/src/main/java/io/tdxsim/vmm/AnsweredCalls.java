package io.tdxsim.vmm;

import java.util.Arrays;

/**
 * The highest answered sequence number of each vCPU. A vCPU has at most one call outstanding and
 * numbers its calls in order, so one number per vCPU tells whether a call was answered already.
 */
final class AnsweredCalls {

    private long[] highest = new long[64];

    /** Marks (vcpu, seq) answered; false if it already was. */
    boolean mark(int vcpu, long seq) {
        if (vcpu >= highest.length) {
            highest = Arrays.copyOf(highest, Math.max(vcpu + 1, highest.length * 2));
        }
        if (seq <= highest[vcpu]) {
            return false;
        }
        highest[vcpu] = seq;
        return true;
    }

    boolean contains(int vcpu, long seq) {
        return vcpu < highest.length && seq <= highest[vcpu];
    }
}
