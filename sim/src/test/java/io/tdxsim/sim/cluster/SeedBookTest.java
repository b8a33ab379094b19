package io.tdxsim.sim.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.run.Campaign;
import io.tdxsim.sim.run.Exploration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Work pulling's bookkeeping: slots, turns, a lost worker's seeds handed out again, one result per seed. */
class SeedBookTest {

    private static Exploration.Seed result(long seed) {
        return new Exploration.Seed(seed, new Campaign.Sample(0, "k" + seed, null, null, 0, true, true, null, null, null),
                new long[] {seed}, 1);
    }

    @Test
    void handsOutOneSeedPerSlotInTurnAndNoMore() {
        SeedBook<String> book = new SeedBook<>(10, 5);
        book.join("a");
        book.join("b");
        assertTrue(book.assign().isEmpty(), "no slots, no seeds");
        book.credit("a", 2);
        book.credit("b", 2);
        assertEquals(List.of(new SeedBook.Assignment<>("a", 10L), new SeedBook.Assignment<>("b", 11L),
                new SeedBook.Assignment<>("a", 12L), new SeedBook.Assignment<>("b", 13L)), book.assign());
        assertTrue(book.assign().isEmpty(), "every slot is taken");
        assertTrue(book.record("a", result(10)));
        assertEquals(List.of(new SeedBook.Assignment<>("a", 14L)), book.assign(), "a result frees its slot");
        assertTrue(book.assign().isEmpty(), "seeds 10..14 are all out");
    }

    @Test
    void aLostWorkersSeedsGoFirstToTheOthersAndTheCampaignCompletes() {
        SeedBook<String> book = new SeedBook<>(1, 4);
        book.join("a");
        book.join("b");
        book.credit("a", 2);
        book.credit("b", 1);
        book.assign();                                    // a: 1, 3; b: 2
        assertEquals(2, book.lose("a"));
        assertFalse(book.knows("a"));
        book.record("b", result(2));
        assertEquals(List.of(new SeedBook.Assignment<>("b", 1L)), book.assign(), "the lost seeds come before new ones");
        book.record("b", result(1));
        assertEquals(List.of(new SeedBook.Assignment<>("b", 3L)), book.assign());
        book.record("b", result(3));
        assertEquals(List.of(new SeedBook.Assignment<>("b", 4L)), book.assign());
        assertFalse(book.complete());
        book.record("b", result(4));
        assertTrue(book.complete());
        assertEquals(List.of(1L, 2L, 3L, 4L), book.results().stream().map(Exploration.Seed::seed).toList());
    }

    @Test
    void aSeedDoneTwiceCountsOnceAndIsNotHandedOutAgain() {
        SeedBook<String> book = new SeedBook<>(1, 2);
        book.join("a");
        book.credit("a", 1);
        book.assign();                                    // a: 1
        book.lose("a");                                   // taken for lost, seed 1 back in the queue
        book.join("b");
        book.join("a");                                   // a was only slow: its result still counts
        assertTrue(book.record("a", result(1)));
        book.credit("b", 1);
        assertEquals(List.of(new SeedBook.Assignment<>("b", 2L)), book.assign(), "seed 1 has its result: skipped");
        assertFalse(book.record("b", result(1)), "a second result for a seed is not kept");
        assertEquals(1, book.doneCount());
    }
}
