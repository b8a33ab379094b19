package io.tdxsim.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a device or the VMM hands over is a copy: its owner can go on without changing it. */
class StatsSnapshotTest {

    @Test
    void aDeviceSnapshotSharesNothingWithTheDevicesOwnFigures() {
        DeviceStats live = new DeviceStats("dev");
        live.reads = 3;
        live.waitNs.recordValue(100);
        live.state = Map.of("value", 7L);
        live.order.serve(0, 1);
        DeviceStats copy = live.snapshot();
        live.reads++;
        live.waitNs.recordValue(200);
        live.order.serve(0, 2);
        live.order.serve(1, 1);
        assertEquals(3, copy.reads);
        assertEquals(1, copy.waitNs.getTotalCount());
        assertEquals(1, copy.servedByVcpu()[0]);
        assertEquals(1, copy.servedByVcpu().length, "vCPU 1 was served after the hand-over");
        assertEquals(7L, copy.state.get("value"));
        assertEquals(0, copy.order.switches, "the copy's order is the one at hand-over");
    }

    @Test
    void theVmmsSnapshotSharesNothingWithItsOwnFigures() {
        VmmStats live = new VmmStats();
        live.calls = 5;
        live.route(1);
        live.refuse(TdvmcallStatus.INVALID_OPERAND);
        VmmStats copy = live.snapshot();
        live.calls++;
        live.route(1);
        live.refuse(TdvmcallStatus.INVALID_OPERAND);
        assertEquals(5, copy.calls);
        assertEquals(1, copy.routed[1]);
        assertEquals(1L, copy.refusals.get(TdvmcallStatus.INVALID_OPERAND));
    }
}
