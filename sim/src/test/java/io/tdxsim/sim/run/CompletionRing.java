package io.tdxsim.sim.run;

import io.tdxsim.devices.AccessContext;
import io.tdxsim.devices.AccessContract;
import io.tdxsim.devices.DeviceParams;
import io.tdxsim.devices.MmioDevice;
import java.util.Map;
import java.util.Set;

/**
 * A small interrupting device for the interrupt-driven driver's tests: a request written to
 * SUBMIT completes at once into a completion ring in the TD's shared memory (DMA: the tag into
 * the next slot, then the produced count), followed by an MSI; the driver's handler reports the
 * completions it consumed on ACK. The shape of a virtqueue's used ring and its notification.
 */
public final class CompletionRing implements MmioDevice {

    static final long RING = 0x00;
    static final long SLOTS = 0x08;
    static final long VECTOR = 0x10;
    static final long SUBMIT = 0x18;
    static final long ACK = 0x20;

    private long ring;
    private int slots = 1;
    private int vector;
    private long produced;
    private long acked;
    private long refused;

    public CompletionRing(DeviceParams params) {
    }

    @Override
    public long read(long offset, int size, AccessContext ctx) {
        return offset == SUBMIT ? produced : offset == ACK ? acked : 0;
    }

    @Override
    public void write(long offset, int size, long value, AccessContext ctx) {
        if (offset == RING) {
            ring = value;
        } else if (offset == SLOTS) {
            slots = (int) Math.max(1, value);
        } else if (offset == VECTOR) {
            vector = (int) value;
        } else if (offset == SUBMIT) {
            long slot = ring + 8 + 4 * (produced % slots);
            if (!ctx.dma().writeLong(slot, 4, value) || !ctx.dma().writeLong(ring, 4, produced + 1)) {
                refused++;
                return;
            }
            produced++;
            ctx.interrupts().msi(vector);
        } else if (offset == ACK) {
            acked += value;
        }
    }

    @Override
    public AccessContract contract() {
        return AccessContract.sizes(4, 8).aligned();
    }

    @Override
    public Set<String> acceptedParams() {
        return Set.of();
    }

    @Override
    public Map<String, Object> snapshot() {
        return Map.of("produced", produced, "acked", acked, "refused", refused);
    }
}
