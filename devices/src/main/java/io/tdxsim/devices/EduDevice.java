package io.tdxsim.devices;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * QEMU's educational device ({@code edu}) with its DMA engine ({@link EduDma}). The factorial unit takes
 * {@code factorial-time} of virtual time: until then status bit 0 reads "computing", register
 * 0x08 still holds the number written, and new writes to 0x08 are dropped, as in QEMU. A device
 * timer finishes it (and raises the interrupt, if asked) at that time, whether or not the guest
 * looks, so the final state of a run is the state at its end.
 */
public final class EduDevice implements MmioDevice {

    public static final long IDENTIFICATION = 0x00;
    public static final long LIVENESS = 0x04;
    public static final long FACTORIAL = 0x08;
    public static final long STATUS = 0x20;
    public static final long IRQ_STATUS = 0x24;
    public static final long IRQ_RAISE = 0x60;
    public static final long IRQ_ACK = 0x64;

    public static final int ID = 0x010000ed;
    public static final int STATUS_COMPUTING = 0x01;
    public static final int STATUS_IRQFACT = 0x80;
    public static final int IRQ_FACTORIAL = 0x01;
    /** Addresses below this take only 4-byte accesses. */
    static final long NARROW_LIMIT = 0x80;

    public static final DeviceModel MODEL = new DeviceModel("edu",
            "QEMU's educational device: identification, liveness check, timed factorial, interrupt status, DMA",
            List.of(reg(IDENTIFICATION, "ID", "r", "0x010000ed"),
                    reg(LIVENESS, "LIVENESS", "rw", "reads the bitwise inverse of the last value written"),
                    reg(FACTORIAL, "FACTORIAL", "rw", "write n to compute n! (32-bit); writes while computing are dropped"),
                    reg(STATUS, "STATUS", "rw", "bit 0 computing (read-only), bit 7 raise an interrupt when done"),
                    reg(IRQ_STATUS, "IRQ_STATUS", "r", "pending interrupt bits; 0x1 = factorial done"),
                    reg(IRQ_RAISE, "IRQ_RAISE", "w", "ORs the value into IRQ_STATUS"),
                    reg(IRQ_ACK, "IRQ_ACK", "w", "clears the written bits of IRQ_STATUS"),
                    wide(EduDma.SOURCE, "DMA_SRC", "DMA source: a guest-physical address, or 0x40000+n in the buffer"),
                    wide(EduDma.DESTINATION, "DMA_DST", "DMA destination, as DMA_SRC"),
                    wide(EduDma.COUNT, "DMA_CNT", "bytes to move (the buffer holds 4096)"),
                    wide(EduDma.COMMAND, "DMA_CMD", "bit 0 start (reads 1 until the transfer is done), bit 1 buffer to RAM, bit 2 raise IRQ 0x100 when done")),
            List.of(new DeviceModel.Param("factorial-time", "1us", "virtual time a factorial takes"),
                    new DeviceModel.Param("dma-time", "1ns", "virtual time a DMA transfer takes per byte")),
            EduDevice::new);

    private static DeviceModel.Register reg(long offset, String name, String access, String description) {
        return new DeviceModel.Register(offset, name, 4, access, description);
    }

    private static DeviceModel.Register wide(long offset, String name, String description) {
        return new DeviceModel.Register(offset, name, 8, "rw", description);
    }

    private final long factorialNs;
    private final EduDma dma;
    private int liveness;
    private int factorial;
    private int status;
    private int irqStatus;
    private long factorialsDone;
    private long irqsRaised;

    public EduDevice(DeviceParams params) {
        factorialNs = params.getDurationNs("factorial-time", 1_000);
        if (factorialNs < 0) {
            throw params.error("factorial-time", "expected a non-negative duration");
        }
        long dmaNs = params.getDurationNs("dma-time", 1);
        if (dmaNs < 0) {
            throw params.error("dma-time", "expected a non-negative duration");
        }
        dma = new EduDma(dmaNs);
    }

    @Override
    public boolean talksBack() {
        return true;
    }

    @Override
    public long read(long offset, int size, AccessContext ctx) {
        if (offset < NARROW_LIMIT && size != 4) {
            return -1L;   // QEMU answers a wrong-size read with all ones
        }
        if (dma.decodes(offset)) {
            return dma.read(offset);
        }
        long value;
        if (offset == IDENTIFICATION) {
            value = ID;
        } else if (offset == LIVENESS) {
            value = liveness;
        } else if (offset == FACTORIAL) {
            value = factorial;
        } else if (offset == STATUS) {
            value = status;
        } else if (offset == IRQ_STATUS) {
            value = irqStatus;
        } else {
            return -1L;
        }
        return value & 0xFFFF_FFFFL;
    }

    @Override
    public void write(long offset, int size, long value, AccessContext ctx) {
        if (offset < NARROW_LIMIT && size != 4) {
            return;
        }
        if (dma.decodes(offset)) {
            dma.write(offset, value, ctx, done -> raise(EduDma.IRQ_DMA, done));
            return;
        }
        int v = (int) value;
        if (offset == LIVENESS) {
            liveness = ~v;
        } else if (offset == FACTORIAL) {
            if ((status & STATUS_COMPUTING) == 0) {
                factorial = v;
                status |= STATUS_COMPUTING;
                if (factorialNs == 0) {
                    finishFactorial(ctx);
                } else {
                    ctx.scheduleTimer(ctx.nowNs() + factorialNs, this::finishFactorial);
                }
            }
        } else if (offset == STATUS) {
            status = (status & ~STATUS_IRQFACT) | (v & STATUS_IRQFACT);
        } else if (offset == IRQ_RAISE) {
            raise(v, ctx);
        } else if (offset == IRQ_ACK) {
            irqStatus &= ~v;
            if (irqStatus == 0) {
                ctx.interrupts().line(0, false);
            }
        }
    }

    private void finishFactorial(AccessContext ctx) {
        factorial = factorial32(factorial);
        status &= ~STATUS_COMPUTING;
        factorialsDone++;
        if ((status & STATUS_IRQFACT) != 0) {
            raise(IRQ_FACTORIAL, ctx);
        }
    }

    private void raise(int bits, AccessContext ctx) {
        if (irqStatus == 0 && bits != 0) {
            irqsRaised++;   // the line goes up
            ctx.interrupts().line(0, true);
        }
        irqStatus |= bits;
    }

    /** n! in 32-bit unsigned arithmetic; from 34! on, 2^32 divides the product, so it is 0. */
    static int factorial32(int n) {
        if (Integer.compareUnsigned(n, 34) >= 0) {
            return 0;
        }
        int result = 1;
        for (int i = 2; i <= n; i++) {
            result *= i;
        }
        return result;
    }

    @Override
    public AccessContract contract() {
        return AccessContract.sizes(4, 8).aligned().implementing(4, 8);
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("status", (long) status);
        s.put("factorial", factorial & 0xFFFF_FFFFL);
        s.put("factorials", factorialsDone);
        s.put("irq-status", irqStatus & 0xFFFF_FFFFL);
        s.put("irq-line", irqStatus != 0 ? 1L : 0L);
        s.put("irqs-raised", irqsRaised);
        s.put("dma-transfers", dma.transfers);
        s.put("dma-refused", dma.refused);
        s.put("dma-buffer-q0", dma.bufferHead());
        return s;
    }

    @Override
    public java.util.Set<String> acceptedParams() {
        return MODEL.paramKeys();
    }
}
