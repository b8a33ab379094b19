package io.tdxsim.devices;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.tdxsim.devices.Uart16550Registers.*;

/**
 * A 16550A UART with byte-wide registers. Transmission is instantaneous: a byte written to THR
 * lands in {@link #transmitted()} (or, in loopback, in the receive FIFO) and THR is empty again,
 * so THRE/TEMT stay set and a THRE interrupt is pending whenever IER enables it.
 * Reads of RBR, IIR, LSR and MSR have side effects, as on the real part. The {@code input} param
 * is fed with flow control (never overruns); {@link #receive} models a sender that ignores it.
 */
public final class Uart16550Device implements MmioDevice {

    /** Receive FIFO depth of the 16550A; without FCR.FE the part behaves as a 16450 (depth 1). */
    static final int FIFO_DEPTH = 16;

    public static final DeviceModel MODEL = new DeviceModel("uart16550",
            "16550A UART: byte registers, DLAB divisor latch, loopback, THRE interrupt; collects transmitted text",
            List.of(reg(RBR_THR_DLL, "RBR/THR/DLL", "rw", "read: pop receive FIFO; write: transmit; DLAB=1: divisor low"),
                    reg(IER_DLM, "IER/DLM", "rw", "interrupt enable (RDI 1, THRI 2, RLSI 4, MSI 8); DLAB=1: divisor high"),
                    reg(IIR_FCR, "IIR/FCR", "rw", "read: highest pending interrupt (clears THRI); write: FIFO control"),
                    reg(LCR, "LCR", "rw", "line control; bit 7 DLAB"),
                    reg(MCR, "MCR", "rw", "modem control; bit 4 loops THR into RBR and MCR into MSR"),
                    reg(LSR, "LSR", "r", "line status: DR 1, OE 2 (cleared by read), THRE 0x20, TEMT 0x40"),
                    reg(MSR, "MSR", "r", "modem status; delta bits cleared by read"),
                    reg(SCR, "SCR", "rw", "scratch")),
            List.of(new DeviceModel.Param("input", "\"\"", "text the other end sends, paced so nothing overruns"),
                    new DeviceModel.Param("tx-capacity", "65536", "transmitted bytes kept for tx (tx-bytes counts all)")),
            Uart16550Device::new);

    private static DeviceModel.Register reg(long offset, String name, String access, String description) {
        return new DeviceModel.Register(offset, name, 1, access, description);
    }

    private final ByteFifo rx = new ByteFifo(FIFO_DEPTH);
    private final StringBuilder tx = new StringBuilder();
    private final String input;
    private int inputSent;
    private final int txCapacity;
    private long txBytes;
    private long overruns;
    private int divisor = 0x000C;   // 9600 bps from the 1.8432 MHz clock
    private int ier, fcr, lcr, mcr = MCR_OUT2, scr;
    private int lsr = LSR_THRE | LSR_TEMT;
    private int msr = MSR_DCD | MSR_DSR | MSR_CTS;
    private boolean thrIpending;

    public Uart16550Device(DeviceParams params) {
        txCapacity = params.getInt("tx-capacity", 65536);
        if (txCapacity < 0) {
            throw params.error("tx-capacity", "expected 0 or more, got " + txCapacity);
        }
        input = params.getString("input", "");
        feedInput();
    }

    /** Text the guest has sent so far (bytes as ISO-8859-1), up to tx-capacity bytes. */
    public String transmitted() {
        return tx.toString();
    }

    /** A byte arriving on the serial line, as from the other end of the cable. */
    public void receive(byte b) {
        if (!rx.offer(b, rxLimit())) {
            lsr |= LSR_OE;
            overruns++;
        }
        lsr |= LSR_DR;
    }

    private int rxLimit() {
        return (fcr & FCR_FE) != 0 ? FIFO_DEPTH : 1;
    }

    private void feedInput() {
        while (inputSent < input.length() && rx.hasRoom(rxLimit())) {
            rx.offer((byte) input.charAt(inputSent++), rxLimit());
            lsr |= LSR_DR;
        }
    }

    @Override
    public long read(long offset, int size, AccessContext ctx) {
        if (offset < 0 || offset > SCR) {
            return 0;   // the rest of the range decodes to nothing
        }
        boolean dlab = (lcr & LCR_DLAB) != 0;
        return switch ((int) offset) {
            case RBR_THR_DLL -> dlab ? divisor & 0xFF : readRbr();
            case IER_DLM -> dlab ? divisor >>> 8 : ier;
            case IIR_FCR -> readIir();
            case LCR -> lcr;
            case MCR -> mcr;
            case LSR -> readLsr();
            case MSR -> readMsr();
            case SCR -> scr;
            default -> 0;
        };
    }

    @Override
    public void write(long offset, int size, long value, AccessContext ctx) {
        if (offset < 0 || offset > SCR) {
            return;
        }
        int v = (int) value & 0xFF;
        boolean dlab = (lcr & LCR_DLAB) != 0;
        switch ((int) offset) {
            case RBR_THR_DLL -> {
                if (dlab) {
                    divisor = (divisor & 0xFF00) | v;
                } else {
                    transmit((byte) v);
                }
            }
            case IER_DLM -> {
                if (dlab) {
                    divisor = (divisor & 0x00FF) | (v << 8);
                } else {
                    // Enabling THRI while THR is empty raises it at once (16550 datasheet).
                    if ((v & IER_THRI) != 0 && (ier & IER_THRI) == 0 && (lsr & LSR_THRE) != 0) {
                        thrIpending = true;
                    }
                    ier = v & 0x0F;
                }
            }
            case IIR_FCR -> {
                if ((v & FCR_RFR) != 0 || ((v ^ fcr) & FCR_FE) != 0) {
                    rx.clear();
                    lsr &= ~LSR_DR;
                }
                fcr = v & 0xC9;   // FE, DMS and the trigger level are remembered; reset bits self-clear
                feedInput();
            }
            case LCR -> lcr = v;
            case MCR -> {
                mcr = v & 0x1F;
                updateModemLines();
            }
            case SCR -> scr = v;
            default -> { }   // LSR and MSR are read-only
        }
    }

    private void transmit(byte b) {
        if ((mcr & MCR_LOOP) != 0) {
            receive(b);
        } else {
            txBytes++;
            if (tx.length() < txCapacity) {
                tx.append((char) (b & 0xFF));
            }
        }
        thrIpending = true;   // THR drains at once, so it is empty again
    }

    private int readRbr() {
        int b = rx.isEmpty() ? 0 : rx.poll() & 0xFF;
        feedInput();
        if (rx.isEmpty()) {
            lsr &= ~LSR_DR;
        }
        return b;
    }

    private int readIir() {
        int fifoBits = (fcr & FCR_FE) != 0 ? IIR_FIFO_ENABLED : 0;
        if ((ier & IER_RLSI) != 0 && (lsr & LSR_OE) != 0) {
            return fifoBits | IIR_RLSI;
        }
        if ((ier & IER_RDI) != 0 && (lsr & LSR_DR) != 0) {
            return fifoBits | IIR_RDI;
        }
        if ((ier & IER_THRI) != 0 && thrIpending) {
            thrIpending = false;   // reading IIR while it reports THRI acknowledges it
            return fifoBits | IIR_THRI;
        }
        if ((ier & IER_MSI) != 0 && (msr & 0x0F) != 0) {
            return fifoBits | IIR_MSI;
        }
        return fifoBits | IIR_NO_INT;
    }

    private int readLsr() {
        int value = lsr;
        lsr &= ~LSR_OE;
        return value;
    }

    private int readMsr() {
        int value = msr;
        msr &= 0xF0;
        return value;
    }

    /** In loopback the modem outputs drive the inputs: RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD. */
    private void updateModemLines() {
        int lines = MSR_DCD | MSR_DSR | MSR_CTS;
        if ((mcr & MCR_LOOP) != 0) {
            lines = ((mcr & MCR_RTS) != 0 ? MSR_CTS : 0) | ((mcr & MCR_DTR) != 0 ? MSR_DSR : 0)
                    | ((mcr & MCR_OUT1) != 0 ? MSR_RI : 0) | ((mcr & MCR_OUT2) != 0 ? MSR_DCD : 0);
        }
        int changed = (lines ^ msr) & 0xF0;
        int deltas = ((changed & MSR_CTS) != 0 ? MSR_DCTS : 0) | ((changed & MSR_DSR) != 0 ? MSR_DDSR : 0)
                | ((changed & MSR_DCD) != 0 ? MSR_DDCD : 0)
                | ((msr & MSR_RI) != 0 && (lines & MSR_RI) == 0 ? MSR_TERI : 0);
        msr = lines | (msr & 0x0F) | deltas;
    }

    @Override
    public AccessContract contract() {
        return AccessContract.sizes(1, 1).implementing(1, 1);
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("tx", transmitted());
        s.put("tx-bytes", txBytes);
        s.put("rx-pending", (long) rx.size() + input.length() - inputSent);
        s.put("overruns", overruns);
        s.put("divisor", (long) divisor);
        s.put("lcr", (long) lcr);
        return s;
    }

    @Override
    public java.util.Set<String> acceptedParams() {
        return MODEL.paramKeys();
    }
}
