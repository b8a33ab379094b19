package io.tdxsim.devices;

import static io.tdxsim.devices.CounterDevice.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CounterDeviceTest {

    private final TestContext ctx = TestContext.at(0);
    private final CounterDevice counter = new CounterDevice();

    @Test
    void readModifyWriteByTwoVcpusLosesAnUpdate() {
        long seenBy0 = counter.read(VALUE, 8, ctx.vcpu(0));
        long seenBy1 = counter.read(VALUE, 8, ctx.vcpu(1));
        counter.write(VALUE, 8, seenBy0 + 1, ctx.vcpu(0));
        counter.write(VALUE, 8, seenBy1 + 1, ctx.vcpu(1));
        assertEquals(1L, counter.read(VALUE, 8, ctx));
        assertEquals(2L, counter.read(WRITES, 8, ctx));
    }

    @Test
    void fetchAddReturnsOldValueAndIncrementsInOneStep() {
        assertEquals(0L, counter.read(FETCH_ADD, 8, ctx));
        assertEquals(1L, counter.read(FETCH_ADD, 8, ctx));
        assertEquals(2L, counter.read(VALUE, 8, ctx));
    }

    @Test
    void snapshotHasValueWritesAndFetchAdds() {
        counter.write(VALUE, 8, 10, ctx);
        counter.read(FETCH_ADD, 8, ctx);
        assertEquals(Map.of("value", 11L, "writes", 1L, "fetch-adds", 1L), counter.snapshot());
    }
}
