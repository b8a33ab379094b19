package io.tdxsim.vmm.engine;

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
 * still be earlier" in O(1) and updates in O(log n), stopping as soon as a node keeps its
 * minimum. Ties at equal virtual time go to the source ranked first: by index, or in the order a
 * seed chose ({@link SchedulePlan}).
 *
 * <p>Since a source has one event at most, the queue of arrived events is a heap of source
 * numbers over primitive keys (virtual time, rank): no comparator calls, no boxing, nothing
 * allocated per event, and at tens of thousands of sources it touches a few arrays instead of
 * scattered event objects.
 */
public final class EventSequencer<E extends TimedEvent> {

    static final long NEVER = Long.MAX_VALUE;

    private final long windowNs;
    /** Each source's place in ties (lower wins); null: its index. */
    private final int[] rank;
    private final int leaves;
    /** tree[1] is the root; leaf i sits at leaves + i. */
    private final long[] tree;
    /** Index of the leftmost leaf holding each node's minimum, so ties go to the lowest source. */
    private final int[] argmin;

    /** The arrived events: a binary heap of sources ordered by (virtual time, rank). */
    private final int[] heap;
    private int pendingCount;
    /** Per source: its event waiting in the heap (null if none), its virtual time, its rank. */
    private final Object[] waiting;
    private final long[] waitingVt;
    private final int[] tieRank;

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
        if (windowNs < 0) {
            throw new IllegalArgumentException("window must not be negative: " + windowNs);
        }
        this.rank = rank;
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
        int count = Math.max(1, sources);
        heap = new int[count];
        waiting = new Object[count];
        waitingVt = new long[count];
        tieRank = new int[count];
        for (int i = 0; i < count; i++) {
            tieRank[i] = rankOf(i);
        }
    }

    public long windowNs() {
        return windowNs;
    }

    /** An event arrived; its source can produce nothing earlier until it is answered. */
    public void offer(E event) {
        int source = event.source();
        if (waiting[source] != null) {
            throw new IllegalStateException("source " + source + " already has an event waiting");
        }
        set(source, NEVER);
        waiting[source] = event;
        waitingVt[source] = event.vt();
        siftUp(pendingCount++, source);
    }

    /**
     * The next event that may start now, or null. A released event's source is bounded by
     * {@code inFlightBound} until {@link #answered} tightens it.
     */
    public E poll(java.util.function.ToLongFunction<? super E> inFlightBound) {
        if (pendingCount == 0) {
            return null;
        }
        int source = heap[0];
        if (!mayStart(waitingVt[source], tieRank[source])) {
            return null;
        }
        @SuppressWarnings("unchecked")
        E next = (E) waiting[source];
        waiting[source] = null;
        int last = heap[--pendingCount];
        if (pendingCount > 0) {
            siftDown(0, last);
        }
        set(source, inFlightBound.applyAsLong(next));
        return next;
    }

    /** The event that would be released next if the release rule allowed it, or null if none waits. */
    @SuppressWarnings("unchecked")
    public E peek() {
        return pendingCount == 0 ? null : (E) waiting[heap[0]];
    }

    /**
     * Takes back the source's waiting event (a device timer that moved or was cancelled); the
     * source is then bounded by {@code bound}. Returns false if it had none waiting. Linear in the
     * number of waiting events: it is for rare corrections, not the release path.
     */
    public boolean withdraw(int source, long bound) {
        if (waiting[source] == null) {
            return false;
        }
        int at = 0;
        while (heap[at] != source) {
            at++;
        }
        waiting[source] = null;
        int last = heap[--pendingCount];
        if (at < pendingCount) {
            siftDown(at, last);
            if (heap[at] == last) {
                siftUp(at, last);
            }
        }
        set(source, bound);
        return true;
    }

    private boolean mayStart(long vt, int sourceRank) {
        long minBound = tree[1];
        if (minBound == NEVER) {
            return true;
        }
        long horizon = CostModel.saturatedAdd(minBound, windowNs);
        return vt < horizon || (vt == horizon && argmin[1] > sourceRank);
    }

    /** The source has its answer; its next event cannot arrive before {@code nextBound}. */
    public void answered(int source, long nextBound) {
        set(source, nextBound);
    }

    /** The earliest time the source's next event can come, as last set (NEVER while it waits here). */
    public long boundOf(int source) {
        return tree[leaves + rankOf(source)];
    }

    /** The source stopped: it will produce nothing more. */
    public void finished(int source) {
        set(source, NEVER);
    }

    public int pendingCount() {
        return pendingCount;
    }

    /** The earliest time a live source not waiting in the queue could still produce an event. */
    public long lowerBound() {
        return tree[1];
    }

    private int rankOf(int source) {
        return rank == null ? source : rank[source];
    }

    private boolean before(int a, int b) {
        long va = waitingVt[a];
        long vb = waitingVt[b];
        return va < vb || (va == vb && tieRank[a] < tieRank[b]);
    }

    private void siftUp(int at, int source) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            int above = heap[parent];
            if (!before(source, above)) {
                break;
            }
            heap[at] = above;
            at = parent;
        }
        heap[at] = source;
    }

    private void siftDown(int at, int source) {
        int half = pendingCount >>> 1;
        while (at < half) {
            int child = 2 * at + 1;
            int c = heap[child];
            int right = child + 1;
            if (right < pendingCount && before(heap[right], c)) {
                child = right;
                c = heap[child];
            }
            if (!before(c, source)) {
                break;
            }
            heap[at] = c;
            at = child;
        }
        heap[at] = source;
    }

    /**
     * Leaves sit in rank order, so the leftmost minimum is the source that wins the tie. The
     * climb stops at the first node whose minimum did not change: nothing above it can change.
     */
    private void set(int source, long bound) {
        int node = leaves + rankOf(source);
        tree[node] = bound;
        for (node >>= 1; node >= 1; node >>= 1) {
            long before = tree[node];
            int beforeArg = argmin[node];
            pull(node);
            if (tree[node] == before && argmin[node] == beforeArg) {
                return;
            }
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
