package io.tdxsim.vmm;

import io.tdxsim.devices.DmaMemory;
import io.tdxsim.devices.InterruptSink;

/**
 * A hosted device's reach beyond its registers, counted into its figures: DMA into the TD's
 * memory (refused transfers included) and the interrupts it raises. Interrupts are counted, not
 * delivered: no vCPU takes interrupts yet.
 */
final class DeviceReach implements DmaMemory, InterruptSink {

    private final DmaMemory memory;
    private final DeviceStats stats;
    private final java.util.BitSet linesHigh = new java.util.BitSet();

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
        }
        if (line >= 0) {
            linesHigh.set(line, level);
        }
    }

    @Override
    public void msi(int vector) {
        stats.interrupts++;
    }
}
