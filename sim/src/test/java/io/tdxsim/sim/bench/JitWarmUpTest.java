package io.tdxsim.sim.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JitWarmUpTest {

    @Test
    void theFirstCycleNeverCountsAsSettled() {
        assertFalse(JitWarmUp.settled(1, 0.0));
    }

    @Test
    void aLaterCycleThatBarelyCompiledIsSettled() {
        assertTrue(JitWarmUp.settled(2, 0.019));
        assertFalse(JitWarmUp.settled(2, 0.021));
        assertFalse(JitWarmUp.settled(7, 0.25));
    }

    @Test
    void anUnmeasuredShareIsNotSettled() {
        assertFalse(JitWarmUp.settled(3, Double.NaN));
    }
}
