package io.tdxsim.devices;

import java.util.List;
import java.util.Map;

/**
 * RAM-like register file (a test device): reads return what was written, little-endian.
 * Its contract is configurable so tests and scenarios can exercise the VMM's size rules.
 */
public final class ScratchDevice implements MmioDevice {

    public static final DeviceModel MODEL = new DeviceModel("scratch",
            "RAM-like register file; reads return the bytes last written",
            List.of(new DeviceModel.Register(0, "data[n]", 1, "rw", "byte n of the register file")),
            List.of(new DeviceModel.Param("bytes", "4096", "size of the register file"),
                    new DeviceModel.Param("impl-max", "8", "widest access the model implements (1,2,4,8)"),
                    new DeviceModel.Param("valid-min", "1", "narrowest access a guest may issue"),
                    new DeviceModel.Param("valid-max", "8", "widest access a guest may issue"),
                    new DeviceModel.Param("aligned", "false", "reject unaligned accesses"),
                    new DeviceModel.Param("on-violation", "error", "error | ignore"),
                    new DeviceModel.Param("concurrent", "false",
                            "served without serialisation (lockless, like QEMU's lockless I/O)")),
            ScratchDevice::new);

    private final byte[] bytes;
    private final AccessContract contract;
    private long reads;
    private long writes;

    public ScratchDevice(DeviceParams params) {
        int size = params.getInt("bytes", 4096);
        if (size <= 0 || size > (1 << 24)) {
            throw params.error("bytes", "expected 1..16777216, got " + size);
        }
        this.bytes = new byte[size];
        try {
            AccessContract c = AccessContract.sizes(params.getInt("valid-min", 1), params.getInt("valid-max", 8))
                    .implementing(1, params.getInt("impl-max", 8));
            if (params.getBoolean("concurrent", false)) {
                c = c.asConcurrent();
            }
            if (params.getBoolean("aligned", false)) {
                c = c.aligned();
            }
            String violation = params.getString("on-violation", "error");
            switch (violation) {
                case "error" -> { }
                case "ignore" -> c = c.ignoringViolations();
                default -> throw params.error("on-violation", "expected error or ignore, got " + violation);
            }
            this.contract = c;
        } catch (IllegalArgumentException e) {
            throw new DeviceConfigException("params: " + e.getMessage());
        }
    }

    @Override
    public synchronized long read(long offset, int size, AccessContext ctx) {
        reads++;
        return peek(offset, size);
    }

    private long peek(long offset, int size) {
        long value = 0;
        for (int i = size - 1; i >= 0; i--) {
            value = (value << 8) | (byteAt(offset + i) & 0xFF);
        }
        return value;
    }

    @Override
    public synchronized void write(long offset, int size, long value, AccessContext ctx) {
        writes++;
        for (int i = 0; i < size; i++) {
            long at = offset + i;
            if (at >= 0 && at < bytes.length) {
                bytes[(int) at] = (byte) (value >>> (8 * i));
            }
        }
    }

    private byte byteAt(long offset) {
        return offset >= 0 && offset < bytes.length ? bytes[(int) offset] : 0;
    }

    @Override
    public AccessContract contract() {
        return contract;
    }

    @Override
    public Map<String, Object> snapshot() {
        return Map.of("reads", reads, "writes", writes, "q0", peek(0, 8));
    }

    @Override
    public java.util.Set<String> acceptedParams() {
        return MODEL.paramKeys();
    }
}
