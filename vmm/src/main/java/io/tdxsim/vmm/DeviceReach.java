package io.tdxsim.vmm;

import io.tdxsim.devices.DmaMemory;
import io.tdxsim.devices.InterruptSink;

/**
 * A hosted device's reach beyond its registers, counted into its figures: DMA into the TD's
 * memory (refused transfers included) and the interrupts it raises, kept for the access's answer
 * so the VMM can route them ({@link InterruptRouter}).
 */
final class DeviceReach implements DmaMemory, InterruptSink {

    private final DmaMemory memory;
    private final DeviceStats stats;
    private final java.util.BitSet linesHigh = new java.util.BitSet();
    /** Interrupts raised during the access being served: rising lines and MSIs, in order. */
    private int[] raised = new int[4];
    private int raisedCount;

    DeviceReach(DmaMemory memory, DeviceStats stats) {
        this.memory = memory;
        this.stats = stats;
    }

    @Override
    public boolean read(long gpa, byte[] into, int at, int length) {
        return count(memory.read(gpa, into, at, length), false, length);
    }

    @Override
    public boolean write(long gpa, byte[] from, int at, int length) {
        return count(memory.write(gpa, from, at, length), true, length);
    }

    private boolean count(boolean done, boolean write, int length) {
        if (!done) {
            stats.dmaRefused++;
        } else if (write) {
            stats.dmaWrites++;
            stats.dmaBytes += length;
        } else {
            stats.dmaReads++;
            stats.dmaBytes += length;
        }
        return done;
    }

    @Override
    public void line(int line, boolean level) {
        if (line >= 0 && level && !linesHigh.get(line)) {
            stats.interrupts++;          // a rising edge of the line
            keep(InterruptRouter.lineCode(line));
        }
        if (line >= 0) {
            linesHigh.set(line, level);
        }
    }

    @Override
    public void msi(int vector) {
        stats.interrupts++;
        keep(InterruptRouter.msiCode(vector));
    }

    private void keep(int code) {
        if (raisedCount == raised.length) {
            raised = java.util.Arrays.copyOf(raised, raisedCount * 2);
        }
        raised[raisedCount++] = code;
    }

    /** The interrupts raised since the last call, or null if none; starts the next access afresh. */
    int[] takeRaised() {
        if (raisedCount == 0) {
            return null;
        }
        int[] out = java.util.Arrays.copyOf(raised, raisedCount);
        raisedCount = 0;
        return out;
    }
}
