package io.tdxsim.devices;

/**
 * The DMA engine of QEMU's edu: source, destination and count registers, a command register,
 * and a 4 KiB buffer the guest reaches only through DMA, at device address 0x40000. As in QEMU a
 * device timer finishes the transfer (QEMU's after 100 ms, this one after {@code dma-time} per
 * byte): the bytes move at that time, then START clears and IRQ 0x100 is raised if asked. Until
 * then START reads 1 and a new command is dropped, so a driver polls DMA_CMD or waits for the IRQ.
 */
final class EduDma {

    static final long SOURCE = 0x80;
    static final long DESTINATION = 0x88;
    static final long COUNT = 0x90;
    static final long COMMAND = 0x98;
    static final long CMD_START = 0x01;
    static final long CMD_TO_RAM = 0x02;
    static final long CMD_IRQ = 0x04;
    static final int IRQ_DMA = 0x100;
    static final long BUFFER_BASE = 0x40000;
    static final int BUFFER_SIZE = 4096;

    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final long nsPerByte;
    long source;
    long destination;
    long count;
    long command;
    long transfers;
    long refused;

    EduDma(long nsPerByte) {
        this.nsPerByte = nsPerByte;
    }

    boolean decodes(long offset) {
        return offset == SOURCE || offset == DESTINATION || offset == COUNT || offset == COMMAND;
    }

    long read(long offset) {
        return offset == SOURCE ? source : offset == DESTINATION ? destination : offset == COUNT ? count : command;
    }

    /** A register write; {@code irq} runs when a finished transfer asks for its interrupt. */
    void write(long offset, long value, AccessContext ctx, java.util.function.Consumer<AccessContext> irq) {
        if (offset == SOURCE) {
            source = value;
        } else if (offset == DESTINATION) {
            destination = value;
        } else if (offset == COUNT) {
            count = value;
        } else if (offset == COMMAND && (command & CMD_START) == 0) {
            command = value;
            if ((value & CMD_START) != 0) {
                long takes = Math.min(Math.max(0, count), BUFFER_SIZE) * nsPerByte;
                if (takes == 0) {
                    finish(ctx, irq);
                } else {
                    ctx.scheduleTimer(ctx.nowNs() + takes, done -> finish(done, irq));
                }
            }
        }
    }

    private void finish(AccessContext ctx, java.util.function.Consumer<AccessContext> irq) {
        transfer(ctx);
        command &= ~CMD_START;
        if ((command & CMD_IRQ) != 0) {
            irq.accept(ctx);
        }
    }

    private void transfer(AccessContext ctx) {
        boolean toRam = (command & CMD_TO_RAM) != 0;
        long device = toRam ? source : destination;
        long ram = toRam ? destination : source;
        long at = device - BUFFER_BASE;
        if (count < 0 || count > BUFFER_SIZE || at < 0 || at + count > BUFFER_SIZE) {
            ctx.log().info("edu: DMA outside the 4 KiB buffer at 0x40000 (device 0x" + Long.toHexString(device)
                    + ", count " + count + "); nothing moved");   // QEMU stops with hw_error here
            return;
        }
        int n = (int) count;
        boolean done = toRam ? ctx.dma().write(ram, buffer, (int) at, n) : ctx.dma().read(ram, buffer, (int) at, n);
        if (done) {
            transfers++;
        } else {
            refused++;
            ctx.log().info("edu: DMA to guest 0x" + Long.toHexString(ram) + " refused: not a shared page");
        }
    }

    /** The first eight bytes of the buffer, little-endian. */
    long bufferHead() {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buffer[i] & 0xFFL);
        }
        return v;
    }
}
