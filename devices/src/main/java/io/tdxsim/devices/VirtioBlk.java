package io.tdxsim.devices;

import java.util.List;

/**
 * The block device behind a virtio-mmio transport (device ID 2): a RAM disk of 512-byte sectors.
 * A request is a descriptor chain laid out as virtio_blk_req: a device-readable 16-byte header
 * (le32 type, le32 reserved, le64 sector), data buffers (device-writable for a read, readable for
 * a write), and a last device-writable byte that receives the status.
 */
final class VirtioBlk {

    static final int SECTOR = 512;
    static final int T_IN = 0;
    static final int T_OUT = 1;
    static final int T_FLUSH = 4;
    static final int T_GET_ID = 8;
    static final int S_OK = 0;
    static final int S_IOERR = 1;
    static final int S_UNSUPP = 2;
    static final int HEADER = 16;
    static final int ID_BYTES = 20;
    /** VIRTIO_BLK_F_RO: the device is read-only. */
    static final long F_RO = 1L << 5;

    private final byte[] disk;
    private final boolean readOnly;
    long reads;
    long writes;
    long flushes;
    long errors;
    long bytesRead;
    long bytesWritten;

    VirtioBlk(int sizeBytes, long offeredFeatures) {
        this.disk = new byte[sizeBytes];
        this.readOnly = (offeredFeatures & F_RO) != 0;
    }

    /** Config space: le64 capacity in sectors. */
    byte[] config() {
        byte[] c = new byte[8];
        long sectors = disk.length / SECTOR;
        for (int i = 0; i < 8; i++) {
            c[i] = (byte) (sectors >>> (8 * i));
        }
        return c;
    }

    /**
     * Serves one request; returns the bytes written into the driver's buffers (data and status),
     * or -1 when the chain is not a request at all (the driver's mistake, said in {@code why}).
     */
    int serve(List<VirtqRing.Descriptor> chain, DmaMemory memory, StringBuilder why) {
        VirtqRing.Descriptor head = chain.get(0);
        VirtqRing.Descriptor status = chain.get(chain.size() - 1);
        if (chain.size() < 2 || head.write() || head.len() < HEADER || !status.write() || status.len() < 1) {
            why.append("a request needs a readable 16-byte header first and a writable status byte last");
            return -1;
        }
        byte[] header = new byte[HEADER];
        if (!memory.read(head.addr(), header, 0, HEADER)) {
            why.append("request header at 0x").append(Long.toHexString(head.addr())).append(" is not in a shared page");
            return -1;
        }
        int type = (int) le(header, 0, 4);
        long sector = le(header, 8, 8);
        List<VirtqRing.Descriptor> data = chain.subList(1, chain.size() - 1);
        int[] written = {0};
        int result = switch (type) {
            case T_IN -> transfer(data, sector, memory, true, written);
            case T_OUT -> readOnly ? S_IOERR : transfer(data, sector, memory, false, written);
            case T_FLUSH -> {
                flushes++;
                yield S_OK;                       // a RAM disk has nothing to write back
            }
            case T_GET_ID -> getId(data, memory, written);
            default -> S_UNSUPP;
        };
        if (result != S_OK) {
            errors++;
        }
        byte[] b = {(byte) result};
        if (!memory.write(status.addr(), b, 0, 1)) {
            why.append("status byte at 0x").append(Long.toHexString(status.addr())).append(" is not in a shared page");
            return -1;
        }
        return written[0] + 1;
    }

    private int transfer(List<VirtqRing.Descriptor> data, long sector, DmaMemory memory, boolean in, int[] written) {
        if (Long.compareUnsigned(sector, disk.length / SECTOR) > 0) {
            return S_IOERR;                       // beyond the disk's capacity
        }
        long at = sector * SECTOR;
        long total = 0;
        for (VirtqRing.Descriptor d : data) {
            total += Integer.toUnsignedLong(d.len());
            if (d.write() != in) {
                return S_IOERR;                   // a read fills writable buffers, a write reads readable ones
            }
        }
        if (at + total > disk.length) {
            return S_IOERR;
        }
        for (VirtqRing.Descriptor d : data) {
            boolean moved = in ? memory.write(d.addr(), disk, (int) at, d.len()) : memory.read(d.addr(), disk, (int) at, d.len());
            if (!moved) {
                return S_IOERR;                   // the buffer is private: the IOMMU refused it
            }
            at += d.len();
            if (in) {
                written[0] += d.len();
            }
        }
        if (in) {
            reads++;
            bytesRead += total;
        } else {
            writes++;
            bytesWritten += total;
        }
        return S_OK;
    }

    private int getId(List<VirtqRing.Descriptor> data, DmaMemory memory, int[] written) {
        if (data.isEmpty() || !data.get(0).write()) {
            return S_IOERR;
        }
        byte[] id = java.util.Arrays.copyOf("tdxsim-ramdisk".getBytes(java.nio.charset.StandardCharsets.US_ASCII), ID_BYTES);
        int n = Math.min(ID_BYTES, data.get(0).len());
        if (!memory.write(data.get(0).addr(), id, 0, n)) {
            return S_IOERR;
        }
        written[0] += n;
        return S_OK;
    }

    private static long le(byte[] b, int at, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xFFL);
        }
        return v;
    }
}
