package io.tdxsim.devices;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The guest memory of a {@link DeviceHarness}: sparse 4 KiB pages, private unless the test
 * shares them (as in a TD, where the guest converts a bounce buffer to shared). A test reads and
 * writes any page directly, as the guest would; the device's DMA reaches shared pages only, and
 * every transfer it tries is logged, refused ones included.
 */
public final class HarnessMemory implements DmaMemory {

    /** One DMA transfer the device tried at virtual time {@code vt}. */
    public record Transfer(long vt, boolean write, long gpa, int length, boolean refused) { }

    private static final int PAGE = 4096;
    private final Map<Long, byte[]> pages = new HashMap<>();
    private final java.util.Set<Long> shared = new java.util.HashSet<>();
    private final List<Transfer> transfers = new ArrayList<>();
    private final java.util.function.LongSupplier clock;

    HarnessMemory(java.util.function.LongSupplier clock) {
        this.clock = clock;
    }

    /** Makes the pages covering [gpa, gpa + length) shared, so the device can reach them. */
    public HarnessMemory share(long gpa, long length) {
        for (long p = gpa / PAGE; p <= (gpa + length - 1) / PAGE; p++) {
            shared.add(p);
        }
        return this;
    }

    /** Makes the pages covering [gpa, gpa + length) private again. */
    public HarnessMemory unshare(long gpa, long length) {
        for (long p = gpa / PAGE; p <= (gpa + length - 1) / PAGE; p++) {
            shared.remove(p);
        }
        return this;
    }

    public boolean isShared(long gpa) {
        return shared.contains(gpa / PAGE);
    }

    /** The guest's own store, private or shared. */
    public void poke(long gpa, byte[] bytes) {
        copy(gpa, bytes, 0, bytes.length, true);
    }

    /** The guest's own load, private or shared. */
    public byte[] peek(long gpa, int length) {
        byte[] b = new byte[length];
        copy(gpa, b, 0, length, false);
        return b;
    }

    /** Every DMA transfer the device tried, in order. */
    public List<Transfer> transfers() {
        return List.copyOf(transfers);
    }

    public long refusedTransfers() {
        return transfers.stream().filter(Transfer::refused).count();
    }

    @Override
    public boolean read(long gpa, byte[] into, int at, int length) {
        return dma(gpa, into, at, length, false);
    }

    @Override
    public boolean write(long gpa, byte[] from, int at, int length) {
        return dma(gpa, from, at, length, true);
    }

    private boolean dma(long gpa, byte[] buffer, int at, int length, boolean write) {
        boolean reachable = length >= 0;
        for (long p = gpa / PAGE; reachable && length > 0 && p <= (gpa + length - 1) / PAGE; p++) {
            reachable = shared.contains(p);
        }
        transfers.add(new Transfer(clock.getAsLong(), write, gpa, length, !reachable));
        if (reachable) {
            copy(gpa, buffer, at, length, write);
        }
        return reachable;
    }

    private void copy(long gpa, byte[] buffer, int at, int length, boolean store) {
        for (int i = 0; i < length; i++) {
            long a = gpa + i;
            byte[] page = store ? pages.computeIfAbsent(a / PAGE, k -> new byte[PAGE]) : pages.get(a / PAGE);
            int off = (int) (a % PAGE);
            if (store) {
                page[off] = buffer[at + i];
            } else {
                buffer[at + i] = page == null ? 0 : page[off];
            }
        }
    }
}
