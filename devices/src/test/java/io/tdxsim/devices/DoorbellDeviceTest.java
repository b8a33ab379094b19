package io.tdxsim.devices;

import static io.tdxsim.devices.DoorbellDevice.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DoorbellDeviceTest {

    private final TestContext ctx = TestContext.at(0);
    private final DoorbellDevice bell = new DoorbellDevice();

    private void data(int vcpu, long value) {
        bell.write(DATA, 4, value, ctx.vcpu(vcpu));
    }

    private void ring(int vcpu) {
        bell.write(DOORBELL, 4, 1, ctx.vcpu(vcpu));
    }

    private Object snap(String key) {
        return bell.snapshot().get(key);
    }

    @Test
    void ringAfterDataFromSameVcpuIsClean() {
        data(3, 100);
        ring(3);
        assertEquals(1L, snap("rings"));
        assertEquals(0L, snap("violations"));
        assertEquals(100L, snap("last-data"));
    }

    @Test
    void ringWithoutAnyDataIsAViolation() {
        ring(0);
        assertEquals(1L, snap("violations"));
        assertEquals(0L, snap("first-violation-vcpu"));
        assertEquals(1, ctx.logged.size());
    }

    @Test
    void secondRingReusingOldDataIsAViolation() {
        data(1, 7);
        ring(1);
        ring(1);
        assertEquals(2L, snap("rings"));
        assertEquals(1L, snap("violations"));
        assertEquals(7L, snap("last-data"));
    }

    @Test
    void dataFromAnotherVcpuDoesNotCountAsFresh() {
        data(0, 5);
        ring(1);
        assertEquals(1L, snap("violations"));
        assertEquals(1L, snap("first-violation-vcpu"));
        ring(0);
        assertEquals(1L, snap("violations"), "vCPU 0's data is still fresh for vCPU 0");
    }

    @Test
    void dataRegisterIsPrivatePerVcpu() {
        data(0, 11);
        data(2, 22);
        assertEquals(11L, bell.read(DATA, 8, ctx.vcpu(0)));
        assertEquals(22L, bell.read(DATA, 8, ctx.vcpu(2)));
        assertEquals(0L, bell.read(DATA, 8, ctx.vcpu(1)));
        assertEquals(0L, bell.read(DATA, 8, ctx.vcpu(5000)), "never-seen vCPUs read zero");
    }

    @Test
    void interleavedVcpusEachPairDataWithTheirOwnRing() {
        data(0, 1);
        data(1, 2);
        ring(1);
        ring(0);
        assertEquals(0L, snap("violations"));
        assertEquals(1L, snap("last-data"), "the latest ring consumed vCPU 0's data");
    }

    @Test
    void guestCanReadRingAndViolationCounts() {
        data(0, 1);
        ring(0);
        ring(0);
        assertEquals(2L, bell.read(DOORBELL, 8, ctx));
        assertEquals(1L, bell.read(VIOLATIONS, 8, ctx));
    }

    @Test
    void manyVcpusGrowStateOnDemand() {
        for (int v = 0; v < 100_000; v += 997) {
            data(v, v);
        }
        for (int v = 0; v < 100_000; v += 997) {
            ring(v);
        }
        assertEquals(101L, snap("rings"));
        assertEquals(0L, snap("violations"));
        assertEquals(99_700L, snap("last-data"));
    }

    @Test
    void onlyTheFirstViolationsAreLogged() {
        for (int i = 0; i < LOGGED_VIOLATIONS + 5; i++) {
            ring(i);
        }
        assertEquals((long) LOGGED_VIOLATIONS + 5, snap("violations"));
        assertEquals(LOGGED_VIOLATIONS, ctx.logged.size());
    }

    @Test
    void contractTakesAlignedAccessesUpTo8Bytes() {
        AccessContract c = bell.contract();
        assertTrue(c.accepts(DATA, 4));
        assertTrue(c.accepts(DOORBELL, 1));
        assertFalse(c.accepts(DATA + 2, 4));
    }
}
