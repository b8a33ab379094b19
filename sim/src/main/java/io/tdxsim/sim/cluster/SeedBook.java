package io.tdxsim.sim.cluster;

import io.tdxsim.sim.run.Exploration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A campaign's bookkeeping, without actors: which seeds are still to hand out, which each worker
 * holds, how many more each worker asked for, and the results by seed. A seed leaves the book
 * only with its result, so a lost worker's seeds are handed out again.
 *
 * @param <W> how a worker is named (an actor reference in the coordinator)
 */
final class SeedBook<W> {

    /** One seed handed to one worker. */
    record Assignment<W>(W worker, long seed) { }

    private final long first;
    private final long end;
    private long next;
    private final ArrayDeque<Long> again = new ArrayDeque<>();
    private final Map<W, Set<Long>> held = new LinkedHashMap<>();
    private final Map<W, Integer> slots = new LinkedHashMap<>();
    private final TreeMap<Long, Exploration.Seed> done = new TreeMap<>();

    SeedBook(long first, int count) {
        this.first = first;
        this.end = first + count;
        this.next = first;
    }

    /** A worker joins with no slots yet; it asks for seeds with {@link #credit}. */
    void join(W worker) {
        held.putIfAbsent(worker, new LinkedHashSet<>());
        slots.putIfAbsent(worker, 0);
    }

    boolean knows(W worker) {
        return held.containsKey(worker);
    }

    void credit(W worker, int n) {
        if (knows(worker)) {
            slots.merge(worker, n, Integer::sum);
        }
    }

    /** Hands out as many seeds as there are free slots, one worker at a time in turn. */
    List<Assignment<W>> assign() {
        List<Assignment<W>> out = new ArrayList<>();
        boolean gave = true;
        while (gave) {
            gave = false;
            for (Map.Entry<W, Integer> w : slots.entrySet()) {
                if (w.getValue() == 0) {
                    continue;
                }
                Long seed = take();
                if (seed == null) {
                    return out;
                }
                w.setValue(w.getValue() - 1);
                held.get(w.getKey()).add(seed);
                out.add(new Assignment<>(w.getKey(), seed));
                gave = true;
            }
        }
        return out;
    }

    private Long take() {
        while (!again.isEmpty()) {
            long seed = again.pollFirst();
            if (!done.containsKey(seed)) {
                return seed;
            }
        }
        return next < end ? next++ : null;
    }

    /**
     * A result: kept if it is the first for its seed (a seed handed out twice gives the same
     * result twice). The worker's slot is free again.
     *
     * @return whether the result was new
     */
    boolean record(W worker, Exploration.Seed result) {
        Set<Long> h = held.get(worker);
        if (h != null) {
            h.remove(result.seed());
            slots.merge(worker, 1, Integer::sum);
        }
        return done.putIfAbsent(result.seed(), result) == null;
    }

    /** A worker is gone: what it held goes back to the front of the queue. @return how many seeds */
    int lose(W worker) {
        Set<Long> h = held.remove(worker);
        slots.remove(worker);
        if (h == null) {
            return 0;
        }
        List<Long> back = new ArrayList<>(h);
        for (int i = back.size() - 1; i >= 0; i--) {
            again.addFirst(back.get(i));
        }
        return back.size();
    }

    int workers() {
        return held.size();
    }

    Collection<W> workerList() {
        return List.copyOf(held.keySet());
    }

    boolean complete() {
        return done.size() == end - first;
    }

    int doneCount() {
        return done.size();
    }

    /** The results so far, in seed order. */
    List<Exploration.Seed> results() {
        return List.copyOf(done.values());
    }
}
