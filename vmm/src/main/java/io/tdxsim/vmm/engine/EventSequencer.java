package io.tdxsim.vmm.engine;

import java.util.PriorityQueue;

/**
 * The engine's release rule. An event may start at its server only when no live source can
 * still produce one earlier than it by more than the window W. W = 0 with the total
 * (vt, source, seq) order is deterministic mode; W > 0 is stress mode's time quantum: events
 * inside the window start in whatever order the host delivered them, and the distortion that
 * allows is bounded by W.
 *
 * <p>Each source has at most one event outstanding. A source that is running, or waiting for
 * the answer to its event, is bounded below by the earliest time its next event could arrive
 * (its lookahead, from the {@link CostModel}). A min-tree over those bounds answers "who could
 * still be earlier" in O(1) and updates in O(log n). Ties at equal virtual time go to the source
 * ranked first: by index, or in the order a seed chose ({@link SchedulePlan}).
 */
public final class EventSequencer<E extends TimedEvent> {

    static final long NEVER = Long.MAX_VALUE;

    private final PriorityQueue<E> pending;
    private final long windowNs;
    /** Each source's place in ties (lower wins); null: its index. */
    private final int[] rank;
    private final int leaves;
    /** tree[1] is the root; leaf i sits at leaves + i. */
    private final long[] tree;
    /** Index of the leftmost leaf holding each node's minimum, so ties go to the lowest source. */
    private final int[] argmin;

    /**
     * @param sources      number of sources, indexed from 0
     * @param initialBound earliest time any source's first event can arrive
     * @param windowNs     W: how far an event may run ahead of the slowest live source
     */
    public EventSequencer(int sources, long initialBound, long windowNs) {
        this(sources, initialBound, windowNs, null);
    }

    /** @param rank each source's place in ties at equal virtual time (a permutation), or null for index order */
    public EventSequencer(int sources, long initialBound, long windowNs, int[] rank) {
        this.rank = rank;
        this.pending = new PriorityQueue<>((a, b) -> {
            int c = Long.compare(a.vt(), b.vt());
            if (c != 0) {
                return c;
            }
            c = Integer.compare(rankOf(a.source()), rankOf(b.source()));
            return c != 0 ? c : Long.compare(a.seq(), b.seq());
        });
        if (windowNs < 0) {
            throw new IllegalArgumentException("window must not be negative: " + windowNs);
        }
        this.windowNs = windowNs;
        int n = 1;
        while (n < Math.max(1, sources)) {
            n <<= 1;
        }
        leaves = n;
        tree = new long[2 * n];
        argmin = new int[2 * n];
        for (int i = 0; i < n; i++) {
            tree[n + i] = i < sources ? initialBound : NEVER;
            argmin[n + i] = i;
        }
        for (int node = n - 1; node >= 1; node--) {
            pull(node);
        }
    }

    public long windowNs() {
        return windowNs;
    }

    /** An event arrived; its source can produce nothing earlier until it is answered. */
    public void offer(E event) {
        set(event.source(), NEVER);
        pending.add(event);
    }

    /**
     * The next event that may start now, or null. A released event's source is bounded by
     * {@code inFlightBound} until {@link #answered} tightens it.
     */
    public E poll(java.util.function.ToLongFunction<? super E> inFlightBound) {
        E next = pending.peek();
        if (next == null || !mayStart(next)) {
            return null;
        }
        pending.poll();
        set(next.source(), inFlightBound.applyAsLong(next));
        return next;
    }

    private boolean mayStart(E next) {
        long minBound = tree[1];
        if (minBound == NEVER) {
            return true;
        }
        long horizon = CostModel.saturatedAdd(minBound, windowNs);
        return next.vt() < horizon || (next.vt() == horizon && argmin[1] > rankOf(next.source()));
    }

    /** The source has its answer; its next event cannot arrive before {@code nextBound}. */
    public void answered(int source, long nextBound) {
        set(source, nextBound);
    }

    /** The source stopped: it will produce nothing more. */
    public void finished(int source) {
        set(source, NEVER);
    }

    public int pendingCount() {
        return pending.size();
    }

    /** The earliest time a live source not waiting in the queue could still produce an event. */
    public long lowerBound() {
        return tree[1];
    }

    private int rankOf(int source) {
        return rank == null ? source : rank[source];
    }

    /** Leaves sit in rank order, so the leftmost minimum is the source that wins the tie. */
    private void set(int source, long bound) {
        int node = leaves + rankOf(source);
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
}
