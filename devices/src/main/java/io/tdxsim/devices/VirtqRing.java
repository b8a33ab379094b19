package io.tdxsim.devices;

/**
 * A split virtqueue (virtio 1.x) as the device walks it in guest memory, by DMA: the descriptor
 * table (16 bytes each: address, length, flags, next), the driver's available ring (flags, idx,
 * then a ring of heads) and the device's used ring (flags, idx, then {id, len} elements). All
 * fields are little-endian; ring indices run free and wrap at 2^16, slots are taken modulo the
 * queue size.
 */
final class VirtqRing {

    static final int DESC_SIZE = 16;
    static final int F_NEXT = 1;
    static final int F_WRITE = 2;
    static final int F_INDIRECT = 4;
    /** Available ring flag: the driver asks for no interrupt when buffers are used. */
    static final int AVAIL_F_NO_INTERRUPT = 1;
    private static final long REFUSED = -1;

    /** One descriptor: a buffer the device reads ({@code write} false) or writes. */
    record Descriptor(long addr, int len, int flags, int next) {
        boolean write() {
            return (flags & F_WRITE) != 0;
        }
    }

    /** The ring could not be read or written where the driver put it (not a shared page, say). */
    static final class RingFault extends Exception {
        RingFault(String message) {
            super(message, null, false, false);
        }
    }

    private final VirtioQueue queue;
    private final DmaMemory memory;

    VirtqRing(VirtioQueue queue, DmaMemory memory) {
        this.queue = queue;
        this.memory = memory;
    }

    /** The driver's idx: one past the last head it made available. */
    int availIdx() throws RingFault {
        return (int) read(queue.driver + 2, 2, "available ring");
    }

    int availFlags() throws RingFault {
        return (int) read(queue.driver, 2, "available ring");
    }

    /** The head descriptor the driver made available at free-running index {@code i}. */
    int availHead(int i) throws RingFault {
        return (int) read(queue.driver + 4 + 2L * (i % queue.num), 2, "available ring");
    }

    Descriptor descriptor(int index) throws RingFault {
        if (index < 0 || index >= queue.num) {
            throw new RingFault("descriptor " + index + " outside a queue of " + queue.num);
        }
        long at = queue.desc + (long) DESC_SIZE * index;
        return new Descriptor(read(at, 8, "descriptor table"), (int) read(at + 8, 4, "descriptor table"),
                (int) read(at + 12, 2, "descriptor table"), (int) read(at + 14, 2, "descriptor table"));
    }

    /** The chain that starts at {@code head}, following NEXT; a loop or a bad index is the driver's fault. */
    java.util.List<Descriptor> chain(int head) throws RingFault {
        java.util.List<Descriptor> chain = new java.util.ArrayList<>();
        int index = head;
        while (true) {
            if (chain.size() == queue.num) {
                throw new RingFault("descriptor chain from " + head + " loops");
            }
            Descriptor d = descriptor(index);
            if ((d.flags() & F_INDIRECT) != 0) {
                throw new RingFault("indirect descriptor " + index + " (VIRTIO_F_INDIRECT_DESC was not offered)");
            }
            chain.add(d);
            if ((d.flags() & F_NEXT) == 0) {
                return chain;
            }
            index = d.next();
        }
    }

    /** Puts {@code {id, len}} in the used ring at free-running index {@code i}, then publishes idx i + 1. */
    void pushUsed(int i, int id, int len) throws RingFault {
        long slot = queue.device + 4 + 8L * (i % queue.num);
        write(slot, 4, id, "used ring");
        write(slot + 4, 4, len, "used ring");
        write(queue.device + 2, 2, (i + 1) & 0xFFFF, "used ring");   // after the element, as the spec orders
    }

    private long read(long gpa, int size, String what) throws RingFault {
        long v = memory.readLong(gpa, size, REFUSED);
        if (v == REFUSED && (size < 8 || !reachable(gpa))) {      // all ones is a value only for 8 bytes
            throw new RingFault(what + " at 0x" + Long.toHexString(gpa) + " is not in a shared page");
        }
        return v;
    }

    private boolean reachable(long gpa) {
        byte[] probe = new byte[1];
        return memory.read(gpa, probe, 0, 1);
    }

    private void write(long gpa, int size, long value, String what) throws RingFault {
        if (!memory.writeLong(gpa, size, value)) {
            throw new RingFault(what + " at 0x" + Long.toHexString(gpa) + " is not in a shared page");
        }
    }
}
