package io.tdxsim.devices;

import java.util.List;
import java.util.Map;

/**
 * The classic lost-update race. {@code VALUE} is a plain register: a guest that reads it, adds
 * one and writes it back loses updates when another vCPU does the same in between.
 * {@code FETCH_ADD} performs the increment inside the device, so it never loses one.
 */
public final class CounterDevice implements MmioDevice {

    public static final long VALUE = 0x00;
    public static final long FETCH_ADD = 0x08;
    public static final long WRITES = 0x10;

    public static final DeviceModel MODEL = new DeviceModel("counter",
            "a racy read-modify-write register and an atomic fetch-and-add register",
            List.of(new DeviceModel.Register(VALUE, "VALUE", 8, "rw", "plain counter register"),
                    new DeviceModel.Register(FETCH_ADD, "FETCH_ADD", 8, "r",
                            "read returns the counter, then adds one to it, in one step"),
                    new DeviceModel.Register(WRITES, "WRITES", 8, "r", "number of writes to VALUE")),
            List.of(),
            params -> new CounterDevice());

    private long value;
    private long writes;
    private long fetchAdds;

    @Override
    public long read(long offset, int size, AccessContext ctx) {
        if (offset == VALUE) {
            return value;
        }
        if (offset == FETCH_ADD) {
            fetchAdds++;
            return value++;
        }
        if (offset == WRITES) {
            return writes;
        }
        return 0;
    }

    @Override
    public void write(long offset, int size, long value, AccessContext ctx) {
        if (offset == VALUE) {
            this.value = value;
            writes++;
        }
    }

    @Override
    public AccessContract contract() {
        return AccessContract.sizes(1, 8).aligned();
    }

    @Override
    public Map<String, Object> snapshot() {
        return Map.of("value", value, "writes", writes, "fetch-adds", fetchAdds);
    }

    @Override
    public java.util.Set<String> acceptedParams() {
        return MODEL.paramKeys();
    }
}
