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
 * (its lookahead, from the {@link CostModel}). A {@link MinTree} over those bounds answers "who
 * could still be earlier" in O(1) and updates in O(log n), stopping as soon as a node keeps its
 * minimum. Ties at equal virtual time go to the source ranked first: by index, or in the order a
 * seed chose ({@link SchedulePlan}).
 *
 * <p>Since a source has one event at most, the queue of arrived events is a {@link SourceHeap} of
 * source numbers over primitive keys (virtual time, rank): no comparator calls, no boxing, nothing
 * allocated per event, and at tens of thousands of sources it touches a few arrays instead of
 * scattered event objects.
 */
public final class EventSequencer<E extends TimedEvent> {

    static final long NEVER = Long.MAX_VALUE;

    private final long windowNs;
    /** Each source's place in ties (lower wins); null: its index. */
    private final int[] rank;
    /** Each source's bound, slot by rank, so the lowest slot of a minimum is the tie's winner. */
    private final MinTree bounds;

    /** The arrived events' sources, ordered by (virtual time, rank). */
    private final SourceHeap heap;
    /** Per source: its event waiting in the heap (null if none), and its rank. */
    private final Object[] waiting;
    private final int[] tieRank;
    /** The inverse of {@code rank}, made at the first {@link #lowestSource}. */
    private int[] sourceOfSlot;

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
        bounds = new MinTree(sources, initialBound, NEVER);
        int count = Math.max(1, sources);
        heap = new SourceHeap(count);
        waiting = new Object[count];
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
        int source = oneAtATime(event);
        set(source, NEVER);
        waiting[source] = event;
        heap.push(source, event.vt(), tieRank[source]);
    }

    /**
     * Whether an event that just arrived may start at once, ahead of everything waiting; if so the
     * caller starts it without {@link #offer} and calls {@link #started}, else it offers it. The
     * rule is checked with the source's own bound still counted, which is never later than the
     * NEVER offer would set: so this starts no event that offer and take would hold. It saves a
     * climb of the tree and a heap push and pop when the window is open (stress mode's usual case).
     */
    public boolean startsAtOnce(E event) {
        int sourceRank = tieRank[oneAtATime(event)];
        if (heap.size() > 0 && !SourceHeap.before(event.vt(), sourceRank, heap.topVt(), heap.topRank())) {
            return false;
        }
        return mayStart(event.vt(), sourceRank);
    }

    /**
     * The next event that may start now, or null. A released event's source is bounded by
     * {@code inFlightBound} until {@link #answered} tightens it.
     */
    public E poll(java.util.function.ToLongFunction<? super E> inFlightBound) {
        E next = take();
        if (next != null) {
            set(next.source(), inFlightBound.applyAsLong(next));
        }
        return next;
    }

    /**
     * The next event that may start now, or null. The caller must call {@link #started} for its
     * source before the next {@code take} or {@code poll}: one update of the tree with the bound
     * it knows best, where {@link #poll} and a tighter bound after it would take two.
     */
    public E take() {
        if (heap.size() == 0) {
            return null;
        }
        int source = heap.topSource();
        if (!mayStart(heap.topVt(), heap.topRank())) {
            return null;
        }
        @SuppressWarnings("unchecked")
        E next = (E) waiting[source];
        waiting[source] = null;
        heap.pop();
        return next;
    }

    /** The event {@link #take} returned started: its source is bounded by {@code bound} until answered. */
    public void started(int source, long bound) {
        set(source, bound);
    }

    /** The event that would be released next if the release rule allowed it, or null if none waits. */
    @SuppressWarnings("unchecked")
    public E peek() {
        return heap.size() == 0 ? null : (E) waiting[heap.topSource()];
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
        waiting[source] = null;
        heap.remove(source);
        set(source, bound);
        return true;
    }

    /** The event's source, which must have none waiting: a source has one event outstanding at most. */
    private int oneAtATime(E event) {
        int source = event.source();
        if (waiting[source] != null) {
            throw new IllegalStateException("source " + source + " already has an event waiting");
        }
        return source;
    }

    private boolean mayStart(long vt, int sourceRank) {
        long minBound = bounds.min();
        if (minBound == NEVER) {
            return true;
        }
        long horizon = CostModel.saturatedAdd(minBound, windowNs);
        return vt < horizon || (vt == horizon && bounds.minSlot() > sourceRank);
    }

    /** The source has its answer; its next event cannot arrive before {@code nextBound}. */
    public void answered(int source, long nextBound) {
        set(source, nextBound);
    }

    /** The earliest time the source's next event can come, as last set (NEVER while it waits here). */
    public long boundOf(int source) {
        return bounds.get(rankOf(source));
    }

    /** The source stopped: it will produce nothing more. */
    public void finished(int source) {
        set(source, NEVER);
    }

    /** The source whose bound is the lowest (the winner of a tie), or -1 if every bound is NEVER. */
    public int lowestSource() {
        if (bounds.min() == NEVER) {
            return -1;
        }
        int slot = bounds.minSlot();
        if (rank == null) {
            return slot;
        }
        if (sourceOfSlot == null) {              // only runs with parked spinners ask
            sourceOfSlot = new int[rank.length];
            for (int s = 0; s < rank.length; s++) {
                sourceOfSlot[rank[s]] = s;
            }
        }
        return sourceOfSlot[slot];
    }

    /** Whether {@code a}'s event goes before {@code b}'s at equal virtual time. */
    public boolean winsTie(int a, int b) {
        return rankOf(a) < rankOf(b);
    }

    public int pendingCount() {
        return heap.size();
    }

    /** The earliest time a live source not waiting in the queue could still produce an event. */
    public long lowerBound() {
        return bounds.min();
    }

    private int rankOf(int source) {
        return rank == null ? source : rank[source];
    }

    private void set(int source, long bound) {
        bounds.set(rankOf(source), bound);
    }
}
