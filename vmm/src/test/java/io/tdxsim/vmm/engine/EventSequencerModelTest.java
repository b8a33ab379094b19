package io.tdxsim.vmm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sequencer against a model that rescans everything on every question: over random runs of
 * arrivals, answers and finishes, with and without ranks and windows, both release the same
 * events in the same order.
 */
class EventSequencerModelTest {

    private record Ev(long vt, int source, long seq) implements TimedEvent { }

    /** The release rule written as plainly as it reads. */
    private static final class Model {
        final long[] bound;
        final Ev[] waiting;
        final int[] rank;
        final long window;

        Model(int sources, long initial, long window, int[] rank) {
            bound = new long[sources];
            java.util.Arrays.fill(bound, initial);
            waiting = new Ev[sources];
            this.rank = rank;
            this.window = window;
        }

        int rankOf(int s) {
            return rank == null ? s : rank[s];
        }

        void offer(Ev e) {
            bound[e.source()] = Long.MAX_VALUE;
            waiting[e.source()] = e;
        }

        Ev poll(long inFlight) {
            Ev next = null;
            for (Ev e : waiting) {
                if (e != null && (next == null || e.vt() < next.vt()
                        || (e.vt() == next.vt() && rankOf(e.source()) < rankOf(next.source())))) {
                    next = e;
                }
            }
            if (next == null) {
                return null;
            }
            long min = Long.MAX_VALUE;
            int minRank = Integer.MAX_VALUE;
            for (int s = 0; s < bound.length; s++) {
                if (bound[s] < min || (bound[s] == min && rankOf(s) < minRank)) {
                    min = bound[s];
                    minRank = rankOf(s);
                }
            }
            if (min != Long.MAX_VALUE) {
                long horizon = CostModel.saturatedAdd(min, window);
                boolean may = next.vt() < horizon || (next.vt() == horizon && minRank > rankOf(next.source()));
                if (!may) {
                    return null;
                }
            }
            waiting[next.source()] = null;
            bound[next.source()] = next.vt() + inFlight;
            return next;
        }
    }

    /**
     * One random run of both sequencers: the fast one and the model, over the same sources,
     * window and ranks, with each source's clock, whether its event is out, and the events the
     * fast one released and not yet answered.
     */
    private static final class Drive {
        final Random random;
        final int sources;
        final EventSequencer<Ev> fast;
        final Model model;
        final long[] clock;
        final boolean[] busy;
        final List<Ev> released = new ArrayList<>();
        long seq;

        /** Odd runs have a window, every fourth from the second a shuffled rank. */
        Drive(long seed, int run, int maxSources) {
            random = new Random(seed);
            sources = 1 + random.nextInt(maxSources);
            long window = run % 2 == 0 ? 0 : random.nextInt(300);
            int[] rank = run % 4 == 1 ? shuffled(sources, random) : null;
            fast = new EventSequencer<>(sources, 10, window, rank);
            model = new Model(sources, 10, window, rank);
            clock = new long[sources];
            busy = new boolean[sources];
        }

        /** Source {@code s}'s next event, a few ticks on: many ties on purpose. */
        Ev next(int s) {
            clock[s] += random.nextInt(4) * 50L;
            busy[s] = true;
            return new Ev(clock[s], s, ++seq);
        }

        /** Answers the oldest released, not yet answered event of source {@code s}, if it has one, in both. */
        void answerReleased(int s) {
            for (Ev e : released) {
                if (e.source() == s) {
                    long next = e.vt() + 20 + random.nextInt(100);
                    clock[s] = Math.max(clock[s], next);
                    fast.answered(s, next);
                    model.bound[s] = next;
                    busy[s] = false;
                    released.remove(e);
                    return;
                }
            }
        }

        /** Releases all the fast one will, each checked against the model, which must then release no more. */
        void releaseBoth(String where) {
            for (Ev e = fast.poll(x -> x.vt() + 100); e != null; e = fast.poll(x -> x.vt() + 100)) {
                released.add(e);
                assertEquals(e, model.poll(100), where);
            }
            assertEquals(null, model.poll(100), where + ": the model would release more");
        }
    }

    @Test
    void releasesWhatTheRescanningModelReleasesInTheSameOrder() {
        for (int run = 0; run < 300; run++) {
            Drive d = new Drive(run, run, run % 10 == 7 ? 700 : run % 3 == 0 ? 70 : 9);
            boolean[] done = new boolean[d.sources];
            for (int step = 0; step < 400; step++) {
                int s = d.random.nextInt(d.sources);
                if (done[s]) {
                    continue;
                }
                int what = d.random.nextInt(10);
                if (!d.busy[s] && what < 6) {
                    Ev e = d.next(s);
                    d.fast.offer(e);
                    d.model.offer(e);
                } else if (!d.busy[s] && what == 6) {
                    done[s] = true;
                    d.fast.finished(s);
                    d.model.bound[s] = Long.MAX_VALUE;
                } else if (what >= 7 && d.busy[s]) {
                    d.answerReleased(s);
                }
                d.releaseBoth("run " + run + " step " + step);
            }
        }
    }

    @Test
    void anEventStartedAtOnceIsTheOneTheModelReleasesNextAndTheOrderStaysTheModels() {
        int startedAtOnce = 0;
        int offered = 0;
        for (int run = 0; run < 300; run++) {
            Drive d = new Drive(1000 + run, run, run % 3 == 0 ? 70 : 9);
            for (int step = 0; step < 400; step++) {
                int s = d.random.nextInt(d.sources);
                if (!d.busy[s] && d.random.nextInt(10) < 6) {
                    Ev e = d.next(s);
                    d.model.offer(e);
                    if (d.fast.startsAtOnce(e)) {
                        startedAtOnce++;
                        assertEquals(e, d.model.poll(100), "run " + run + " step " + step + ": started what the model holds");
                        d.fast.started(s, e.vt() + 100);
                        d.released.add(e);
                    } else {
                        offered++;
                        d.fast.offer(e);
                    }
                } else if (d.busy[s]) {
                    d.answerReleased(s);
                }
                d.releaseBoth("run " + run + " step " + step);
            }
        }
        assertTrue(startedAtOnce > 1000, "the shortcut was taken " + startedAtOnce + " times");
        assertTrue(offered > 1000, "calls were queued " + offered + " times");
    }

    @Test
    void aSecondEventFromOneSourceIsRefused() {
        EventSequencer<Ev> seq = new EventSequencer<>(2, 0, 0);
        seq.offer(new Ev(5, 1, 1));
        assertThrows(IllegalStateException.class, () -> seq.offer(new Ev(6, 1, 2)));
    }

    private static int[] shuffled(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
