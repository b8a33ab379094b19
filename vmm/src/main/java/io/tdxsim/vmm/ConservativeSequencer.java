package io.tdxsim.vmm;

import java.util.PriorityQueue;

/**
 * Releases TDVMCALLs in (virtual time, vCPU, sequence) order, conservatively: a call goes out
 * only when no live vCPU can still issue an earlier one. Each vCPU has at most one call
 * outstanding; a vCPU that is running or waiting for an answer is bounded below by the earliest
 * time its next call could arrive (the lookahead). A min-tree over those bounds answers "who
 * could still be earlier" in O(1) and updates in O(log n).
 */
public final class ConservativeSequencer {

    private static final long NEVER = Long.MAX_VALUE;

    private final PriorityQueue<TdVmCall> pending = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.vt(), b.vt());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.vcpu(), b.vcpu());
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    });
    private final int leaves;
    /** tree[1] is the root; leaf i sits at leaves + i. */
    private final long[] tree;
    /** Index of the leftmost leaf holding each node's minimum, so ties go to the lowest vCPU. */
    private final int[] argmin;

    public ConservativeSequencer(int vcpus, long initialBound) {
        int n = 1;
        while (n < Math.max(1, vcpus)) {
            n <<= 1;
        }
        leaves = n;
        tree = new long[2 * n];
        argmin = new int[2 * n];
        for (int i = 0; i < n; i++) {
            tree[n + i] = i < vcpus ? initialBound : NEVER;
            argmin[n + i] = i;
        }
        for (int node = n - 1; node >= 1; node--) {
            pull(node);
        }
    }

    /** A call arrived; its vCPU can issue nothing earlier until it is answered. */
    public void offer(TdVmCall call) {
        set(call.vcpu(), NEVER);
        pending.add(call);
    }

    /**
     * The next call that is safe to serve, or null. A released call's vCPU is bounded by
     * {@code inFlightBound} until {@link #answered} tightens it.
     */
    public TdVmCall poll(long lookaheadAfterRelease) {
        TdVmCall next = pending.peek();
        if (next == null) {
            return null;
        }
        long minBound = tree[1];
        int who = argmin[1];
        boolean safe = minBound > next.vt() || (minBound == next.vt() && who > next.vcpu());
        if (!safe) {
            return null;
        }
        pending.poll();
        set(next.vcpu(), saturatedAdd(next.vt(), lookaheadAfterRelease));
        return next;
    }

    /** The vCPU has its answer; its next call cannot arrive before {@code nextCallBound}. */
    public void answered(int vcpu, long nextCallBound) {
        set(vcpu, nextCallBound);
    }

    /** The vCPU halted or stopped: it will issue nothing more. */
    public void finished(int vcpu) {
        set(vcpu, NEVER);
    }

    public int pendingCount() {
        return pending.size();
    }

    private void set(int vcpu, long bound) {
        int node = leaves + vcpu;
        tree[node] = bound;
        for (node >>= 1; node >= 1; node >>= 1) {
            pull(node);
        }
    }

    private void pull(int node) {
        int l = 2 * node;
        int r = l + 1;
        if (tree[r] < tree[l]) {
            tree[node] = tree[r];
            argmin[node] = argmin[r];
        } else {
            tree[node] = tree[l];
            argmin[node] = argmin[l];
        }
    }

    private static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < a ? NEVER : s;
    }
}
