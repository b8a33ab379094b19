package io.tdxsim.vcpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceDmaTest {

    private static final long SHARED_BIT = 1L << 47;
    private final TdMemory memory = new TdMemory(1, new PageAttributes(List.of(
            new PageAttributes.Range(0x8000000, 0x2000, PageAttributes.Attribute.SHARED),
            new PageAttributes.Range(0x8002000, 0x1000, PageAttributes.Attribute.PRIVATE))));
    private final DeviceDma dma = new DeviceDma(memory, 48);

    @Test
    void aDeviceReadsAndWritesSharedPagesTheGuestSees() {
        memory.store(0x8000ffe, 2, 0x2211L);                 // across the two shared pages
        memory.store(0x8001000, 2, 0x4433L);
        byte[] b = new byte[4];
        assertTrue(dma.read(0x8000ffe, b, 0, 4));
        assertArrayEquals(new byte[] {0x11, 0x22, 0x33, 0x44}, b);
        assertTrue(dma.writeLong(0x8001000 | SHARED_BIT, 8, 0x0102030405060708L), "the shared alias");
        assertEquals(0x0102030405060708L, memory.load(0x8001000, 8));
    }

    @Test
    void privateRamAndMmioAreRefusedAndUntouched() {
        memory.store(0x1000, 8, 7);
        assertFalse(dma.writeLong(0x1000, 8, 1), "RAM below guest.ram is private");
        assertEquals(7, memory.load(0x1000, 8));
        assertFalse(dma.read(0x8001ffc, new byte[8], 0, 8), "runs from a shared page into a private one");
        assertFalse(dma.read(0xfe000000L, new byte[4], 0, 4), "MMIO has no memory behind it");
        assertEquals(-1, dma.readLong(0x8002000, 4, -1));
    }
}
