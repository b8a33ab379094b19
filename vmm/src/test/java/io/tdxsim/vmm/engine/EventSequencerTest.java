package io.tdxsim.vmm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

class EventSequencerTest {

    private record Ev(long vt, int source, long seq) implements TimedEvent { }

    private static final ToLongFunction<Ev> IN_FLIGHT = e -> e.vt() + 100;

    @Test
    void windowZeroHoldsAnEventWhileAnotherSourceCouldStillBeEarlier() {
        EventSequencer<Ev> seq = new EventSequencer<>(2, 0, 0);
        Ev late = new Ev(50, 1, 1);
        seq.offer(late);
        assertNull(seq.poll(IN_FLIGHT), "source 0 may still send something at 0..49");
        seq.answered(0, 60);                     // source 0 cannot send before 60 now
        assertSame(late, seq.poll(IN_FLIGHT));
    }

    @Test
    void aWithdrawnEventLeavesTheHeapInOrderAndItsSourceTakesTheGivenBound() {
        EventSequencer<Ev> seq = new EventSequencer<>(5, 0, 0);
        Ev[] evs = {new Ev(40, 0, 1), new Ev(10, 1, 1), new Ev(30, 2, 1), new Ev(20, 3, 1), new Ev(50, 4, 1)};
        for (Ev e : evs) {
            seq.offer(e);
        }
        assertSame(evs[1], seq.peek());
        org.junit.jupiter.api.Assertions.assertTrue(seq.withdraw(3, 25));
        org.junit.jupiter.api.Assertions.assertFalse(seq.withdraw(3, 25), "nothing waits for source 3 now");
        assertEquals(4, seq.pendingCount());
        assertSame(evs[1], seq.poll(IN_FLIGHT));
        seq.answered(1, Long.MAX_VALUE);
        assertNull(seq.poll(IN_FLIGHT), "source 3 could still send at 25, before 30");
        seq.answered(3, Long.MAX_VALUE);
        assertSame(evs[2], seq.poll(IN_FLIGHT));
        seq.answered(2, Long.MAX_VALUE);
        assertSame(evs[0], seq.poll(IN_FLIGHT));
        seq.answered(0, Long.MAX_VALUE);
        assertSame(evs[4], seq.poll(IN_FLIGHT));
    }

    @Test
    void anEventStartsAtOnceOnlyAheadOfEveryWaitingEvent() {
        EventSequencer<Ev> seq = new EventSequencer<>(3, 0, 1000);
        Ev waiting = new Ev(10, 0, 1);
        seq.offer(waiting);                      // may start, but the caller has not taken it (a timer held at the head)
        org.junit.jupiter.api.Assertions.assertFalse(seq.startsAtOnce(new Ev(20, 1, 1)), "it would overtake the event at 10");
        org.junit.jupiter.api.Assertions.assertTrue(seq.startsAtOnce(new Ev(5, 2, 1)));
        assertSame(waiting, seq.poll(IN_FLIGHT), "nothing was queued by asking");
    }

    @Test
    void windowZeroBreaksTiesByLowerSource() {
        EventSequencer<Ev> seq = new EventSequencer<>(2, 0, 0);
        seq.answered(0, 50);
        Ev one = new Ev(50, 1, 1);
        seq.offer(one);
        assertNull(seq.poll(IN_FLIGHT), "source 0 could still send at 50 and would go first");
        Ev zero = new Ev(50, 0, 1);
        seq.offer(zero);
        assertSame(zero, seq.poll(IN_FLIGHT));
        assertSame(one, seq.poll(IN_FLIGHT));
    }

    @Test
    void releasesInVirtualTimeOrderWhatArrivedOutOfIt() {
        EventSequencer<Ev> seq = new EventSequencer<>(3, 0, 0);
        Ev c = new Ev(30, 2, 1);
        Ev a = new Ev(10, 0, 1);
        Ev b = new Ev(20, 1, 1);
        seq.offer(c);
        seq.offer(a);
        seq.offer(b);
        assertSame(a, seq.poll(IN_FLIGHT));
        assertSame(b, seq.poll(IN_FLIGHT));
        assertSame(c, seq.poll(IN_FLIGHT));
        assertNull(seq.poll(IN_FLIGHT));
    }

    @Test
    void aWindowLetsAnEventRunAheadOfTheSlowestSourceByAtMostW() {
        EventSequencer<Ev> seq = new EventSequencer<>(2, 0, 100);
        Ev inside = new Ev(99, 1, 1);
        seq.offer(inside);
        assertSame(inside, seq.poll(IN_FLIGHT), "99 < bound 0 + W 100");
        seq.answered(1, 100);
        Ev outside = new Ev(101, 1, 2);
        seq.offer(outside);
        assertNull(seq.poll(IN_FLIGHT), "101 > 0 + 100: source 0 could still be more than W earlier");
        seq.answered(0, 2);
        assertSame(outside, seq.poll(IN_FLIGHT), "101 < 2 + 100");
    }

    @Test
    void aReleasedEventBoundsItsSourceByTheInFlightLookahead() {
        EventSequencer<Ev> seq = new EventSequencer<>(2, 0, 0);
        seq.finished(1);
        seq.offer(new Ev(10, 0, 1));
        seq.poll(IN_FLIGHT);
        assertEquals(110, seq.lowerBound());
    }

    @Test
    void finishedSourcesHoldNoOneUp() {
        EventSequencer<Ev> seq = new EventSequencer<>(3, 0, 0);
        Ev e = new Ev(1_000_000, 2, 1);
        seq.offer(e);
        seq.finished(0);
        assertNull(seq.poll(IN_FLIGHT));
        seq.finished(1);
        assertSame(e, seq.poll(IN_FLIGHT));
        assertEquals(0, seq.pendingCount());
    }
}
