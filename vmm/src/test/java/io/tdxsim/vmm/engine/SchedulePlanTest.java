package io.tdxsim.vmm.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SchedulePlanTest {

    private static SchedulePlan plan(long seed) {
        return new SchedulePlan(seed, true, 100, 5, 10_000, 1_000_000);
    }

    @Test
    void seededTiesAreAPermutationThatTheSeedFixes() {
        int[] ranks = plan(7).ranks(50);
        assertArrayEquals(IntStream.range(0, 50).toArray(), Arrays.stream(ranks).sorted().toArray());
        assertArrayEquals(ranks, plan(7).ranks(50), "the same seed, the same order");
        assertNotEquals(Arrays.toString(ranks), Arrays.toString(plan(8).ranks(50)));
        assertNull(SchedulePlan.NONE.ranks(50), "index order");
    }

    @Test
    void preemptionsAreDrawnFromTheSeedWithinTheirBounds() {
        var list = plan(3).preemptionList(16);
        assertEquals(5, list.size());
        assertEquals(list, plan(3).preemptionList(16));
        for (var p : list) {
            assertEquals(true, p.vcpu() >= 0 && p.vcpu() < 16 && p.atNs() < 1_000_000 && p.forNs() >= 1
                    && p.forNs() <= 10_000, p::toString);
        }
        assertNotEquals(list, plan(4).preemptionList(16));
    }

    @Test
    void aVcpuIsHeldBackOnceForEachPreemptionItsClockReaches() {
        SchedulePlan one = new SchedulePlan(1, false, 0, 1, 10_000, 1_000_000);
        var p = one.preemptionList(1).get(0);
        Perturbation mine = one.perturbations(1)[0];
        assertEquals(0, mine.preemptionAt(p.atNs() - 1));
        assertEquals(p.forNs(), mine.preemptionAt(p.atNs()));
        assertEquals(0, mine.preemptionAt(p.atNs() + 1), "taken once");
        assertEquals(1, mine.taken());
    }

    @Test
    void jitterStaysWithinItsBoundAndVcpusWithoutPerturbationCarryNone() {
        SchedulePlan jitter = new SchedulePlan(1, false, 100, 0, 0, 0);
        Perturbation p = jitter.perturbations(2)[1];
        for (int i = 0; i < 1000; i++) {
            long j = p.jitter();
            assertEquals(true, j >= 0 && j <= 100, () -> "jitter " + j);
        }
        assertNull(SchedulePlan.NONE.perturbations(3)[2]);
    }

    private record Ev(long vt, int source, long seq) implements TimedEvent { }

    @Test
    void theSequencerBreaksTiesByRank() {
        ToLongFunction<Ev> inFlight = e -> e.vt() + 100;
        EventSequencer<Ev> seq = new EventSequencer<>(2, 0, 0, new int[] {1, 0});   // vCPU 1 ranks first
        Ev zero = new Ev(50, 0, 1);
        seq.offer(zero);
        seq.answered(1, 50);
        assertNull(seq.poll(inFlight), "vCPU 1 could still send at 50 and would win the tie");
        Ev one = new Ev(50, 1, 1);
        seq.offer(one);
        assertSame(one, seq.poll(inFlight));
        assertSame(zero, seq.poll(inFlight));
    }
}
