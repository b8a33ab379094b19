package io.tdxsim.vmm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CostModelTest {

    private final CostModel ve = new CostModel(1, 2000, 4000, 300, false);

    @Test
    void aCallArrivesHalfATransitionAfterTheHandlerIssuedIt() {
        assertEquals(7000, ve.arrival(5000));
        assertEquals(2000 + 2000, ve.firstCallBound(), "#VE then half the transition");
    }

    @Test
    void theNextCallCannotArriveBeforeReturnGateAndCall() {
        long reply = 10_000;
        long resume = ve.resume(0, reply);
        assertEquals(12_000, resume);
        // the very next instruction faults again: #VE, then the call half
        assertEquals(ve.arrival(resume + ve.gateNs()), ve.nextCallBound(reply));
    }

    @Test
    void inFlightBoundAssumesTheFastestPossibleAnswer() {
        long call = 1000;
        assertEquals(ve.nextCallBound(call + 300), ve.inFlightBound(call));
        assertTrue(ve.inFlightBound(call) > call);
    }

    @Test
    void directHypercallsTakeNoVe() {
        CostModel direct = new CostModel(1, 2000, 4000, 300, true);
        assertEquals(0, direct.gateNs());
        assertEquals(2000, direct.firstCallBound());
    }

    @Test
    void withMemoryEventsTheNextEventMayComeAsSoonAsTheVcpuRuns() {
        CostModel sharing = new CostModel(1, 2000, 4000, 300, false, true);
        assertEquals(0, sharing.firstCallBound());
        assertEquals(sharing.resume(0, 10_000), sharing.nextCallBound(10_000));
    }

    @Test
    void boundsSaturateInsteadOfOverflowing() {
        assertEquals(Long.MAX_VALUE, ve.nextCallBound(Long.MAX_VALUE - 10));
    }

    @Test
    void negativeCostsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CostModel(-1, 0, 0, 0, false));
    }
}
