package io.tdxsim.devices;

import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordering checker: each vCPU writes its data, then rings. A ring from a vCPU that has not
 * written data since its previous ring is a violation: its data store was lost or overtaken.
 * Per-vCPU state is one long and one bit, in arrays indexed by vCPU that grow on demand.
 */
public final class DoorbellDevice implements MmioDevice {

    public static final long DOORBELL = 0x00;
    public static final long VIOLATIONS = 0x08;
    public static final long DATA = 0x10;

    /** Violations beyond this many are counted but not logged one by one. */
    static final int LOGGED_VIOLATIONS = 10;

    public static final DeviceModel MODEL = new DeviceModel("doorbell",
            "per-vCPU data register and a doorbell; counts rings not preceded by fresh data from the same vCPU",
            List.of(new DeviceModel.Register(DOORBELL, "DOORBELL", 8, "rw",
                            "write (any value): ring, consuming this vCPU's data; read: total rings"),
                    new DeviceModel.Register(VIOLATIONS, "VIOLATIONS", 8, "r", "rings without fresh data so far"),
                    new DeviceModel.Register(DATA, "DATA", 8, "rw", "this vCPU's data register")),
            List.of(),
            params -> new DoorbellDevice());

    private long[] data = new long[64];
    private final BitSet fresh = new BitSet();
    private long rings;
    private long violations;
    private long dataWrites;
    private long lastData;
    private int firstViolationVcpu = -1;

    @Override
    public long read(long offset, int size, AccessContext ctx) {
        if (offset == DOORBELL) {
            return rings;
        }
        if (offset == VIOLATIONS) {
            return violations;
        }
        if (offset == DATA) {
            int vcpu = ctx.vcpu();
            return vcpu >= 0 && vcpu < data.length ? data[vcpu] : 0;
        }
        return 0;
    }

    @Override
    public void write(long offset, int size, long value, AccessContext ctx) {
        int vcpu = ctx.vcpu();
        if (vcpu < 0) {
            throw new IllegalArgumentException("doorbell: negative vCPU index " + vcpu);
        }
        if (offset == DATA) {
            ensureCapacity(vcpu);
            data[vcpu] = value;
            fresh.set(vcpu);
            dataWrites++;
        } else if (offset == DOORBELL) {
            ring(vcpu, ctx);
        }
    }

    private void ring(int vcpu, AccessContext ctx) {
        rings++;
        if (fresh.get(vcpu)) {
            fresh.clear(vcpu);
            lastData = data[vcpu];
            return;
        }
        violations++;
        if (firstViolationVcpu < 0) {
            firstViolationVcpu = vcpu;
        }
        if (violations <= LOGGED_VIOLATIONS) {
            ctx.log().info("doorbell: vCPU " + vcpu + " rang at " + ctx.nowNs() + " ns without fresh data");
        }
    }

    private void ensureCapacity(int vcpu) {
        if (vcpu >= data.length) {
            data = Arrays.copyOf(data, Math.max(vcpu + 1, data.length * 2));
        }
    }

    @Override
    public AccessContract contract() {
        return AccessContract.sizes(1, 8).aligned();
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("rings", rings);
        s.put("violations", violations);
        s.put("last-data", lastData);
        s.put("data-writes", dataWrites);
        s.put("first-violation-vcpu", (long) firstViolationVcpu);
        return s;
    }

    @Override
    public java.util.Set<String> acceptedParams() {
        return MODEL.paramKeys();
    }
}
