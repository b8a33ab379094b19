package io.tdxsim.vcpu;

import io.tdxsim.devices.DmaMemory;

/**
 * The TD's memory as its devices reach it: shared RAM pages only (guest.pages ranges marked
 * shared, the bounce buffers). Private RAM (below guest.ram, the stacks, private and unaccepted
 * ranges) is the TD's own and the IOMMU does not map it for a device, and an MMIO page has no
 * memory behind it: a transfer touching any such page moves nothing and is refused. A shared-bit
 * alias of an address (as a TD's DMA API hands out) reaches the same page.
 */
public final class DeviceDma implements DmaMemory {

    private final TdMemory memory;
    private final long sharedBit;

    public DeviceDma(TdMemory memory, int gpaWidth) {
        this.memory = memory;
        this.sharedBit = 1L << (gpaWidth - 1);
    }

    @Override
    public boolean read(long gpa, byte[] into, int at, int length) {
        long base = gpa & ~sharedBit;
        if (!reachable(base, length)) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            into[at + i] = (byte) memory.load(base + i, 1);
        }
        return true;
    }

    @Override
    public boolean write(long gpa, byte[] from, int at, int length) {
        long base = gpa & ~sharedBit;
        if (!reachable(base, length)) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            memory.store(base + i, 1, from[at + i]);
        }
        return true;
    }

    private boolean reachable(long base, int length) {
        if (length < 0) {
            return false;
        }
        for (long page = base & ~0xFFFL; length > 0 && Long.compareUnsigned(page, base + length - 1) <= 0;
             page += AddressSpace.PAGE_SIZE) {
            if (memory.attributes().of(page) != PageAttributes.Attribute.SHARED) {
                return false;
            }
        }
        return true;
    }
}
