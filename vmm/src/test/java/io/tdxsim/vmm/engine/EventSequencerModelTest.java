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

    @Test
    void releasesWhatTheRescanningModelReleasesInTheSameOrder() {
        for (int run = 0; run < 300; run++) {
            Random random = new Random(run);
            int sources = 1 + random.nextInt(run % 10 == 7 ? 700 : run % 3 == 0 ? 70 : 9);
            long window = run % 2 == 0 ? 0 : random.nextInt(300);
            int[] rank = run % 4 == 1 ? shuffled(sources, random) : null;
            EventSequencer<Ev> fast = new EventSequencer<>(sources, 10, window, rank);
            Model model = new Model(sources, 10, window, rank);
            long[] clock = new long[sources];
            boolean[] busy = new boolean[sources];
            boolean[] done = new boolean[sources];
            long seq = 0;
            List<Ev> fastOrder = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                int s = random.nextInt(sources);
                if (done[s]) {
                    continue;
                }
                int what = random.nextInt(10);
                if (!busy[s] && what < 6) {
                    clock[s] += random.nextInt(4) * 50L;     // many ties on purpose
                    Ev e = new Ev(clock[s], s, ++seq);
                    busy[s] = true;
                    fast.offer(e);
                    model.offer(e);
                } else if (!busy[s] && what == 6) {
                    done[s] = true;
                    fast.finished(s);
                    model.bound[s] = Long.MAX_VALUE;
                } else if (what >= 7 && busy[s]) {
                    answerReleased(s, fastOrder, clock, busy, random, fast, model);
                }
                releaseBoth(fast, model, fastOrder, "run " + run + " step " + step);
            }
        }
    }

    @Test
    void anEventStartedAtOnceIsTheOneTheModelReleasesNextAndTheOrderStaysTheModels() {
        int startedAtOnce = 0;
        int offered = 0;
        for (int run = 0; run < 300; run++) {
            Random random = new Random(1000 + run);
            int sources = 1 + random.nextInt(run % 3 == 0 ? 70 : 9);
            long window = run % 2 == 0 ? 0 : random.nextInt(300);
            int[] rank = run % 4 == 1 ? shuffled(sources, random) : null;
            EventSequencer<Ev> fast = new EventSequencer<>(sources, 10, window, rank);
            Model model = new Model(sources, 10, window, rank);
            long[] clock = new long[sources];
            boolean[] busy = new boolean[sources];
            long seq = 0;
            List<Ev> released = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                int s = random.nextInt(sources);
                if (!busy[s] && random.nextInt(10) < 6) {
                    clock[s] += random.nextInt(4) * 50L;
                    Ev e = new Ev(clock[s], s, ++seq);
                    busy[s] = true;
                    model.offer(e);
                    if (fast.startsAtOnce(e)) {
                        startedAtOnce++;
                        assertEquals(e, model.poll(100), "run " + run + " step " + step + ": started what the model holds");
                        fast.started(s, e.vt() + 100);
                        released.add(e);
                    } else {
                        offered++;
                        fast.offer(e);
                    }
                } else if (busy[s]) {
                    answerReleased(s, released, clock, busy, random, fast, model);
                }
                releaseBoth(fast, model, released, "run " + run + " step " + step);
            }
        }
        assertTrue(startedAtOnce > 1000, "the shortcut was taken " + startedAtOnce + " times");
        assertTrue(offered > 1000, "calls were queued " + offered + " times");
    }

    /** Answers the oldest released, not yet answered event of source {@code s}, if it has one, in both. */
    private static void answerReleased(int s, List<Ev> released, long[] clock, boolean[] busy, Random random,
                                       EventSequencer<Ev> fast, Model model) {
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

    /** Releases all the sequencer will, checking each against the model, and that the model would release no more. */
    private static void releaseBoth(EventSequencer<Ev> fast, Model model, List<Ev> released, String where) {
        for (Ev e = fast.poll(x -> x.vt() + 100); e != null; e = fast.poll(x -> x.vt() + 100)) {
            released.add(e);
            assertEquals(e, model.poll(100), where);
        }
        assertEquals(null, model.poll(100), where + ": the model would release more");
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
