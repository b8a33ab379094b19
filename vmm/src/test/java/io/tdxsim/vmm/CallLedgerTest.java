package io.tdxsim.vmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CallLedgerTest {

    @Test
    void countsEachVcpuApartAndGrowsPastItsFirstSize() {
        CallLedger ledger = new CallLedger();
        for (int v = 0; v < 1000; v++) {
            ledger.received(v);
            ledger.received(v);
            assertTrue(ledger.answer(v, 1));
        }
        assertFalse(ledger.answer(999, 1), "answered already");
        assertTrue(ledger.isAnswered(999, 1));
        assertEquals(2, ledger.receivedBy(1000)[999]);
        assertArrayEquals(new long[] {1, 1}, java.util.Arrays.copyOf(ledger.answeredBy(1000), 2));
        assertTrue(ledger.finished(500));
        assertFalse(ledger.stopped(500), "ended once");
        assertTrue(ledger.stopped(1500));
        assertTrue(ledger.isStopped(1500));
        assertEquals(2, ledger.ended());
    }
}
