package io.tdxsim.devices;

/** Register offsets and bits of the 16550A UART (all registers are one byte wide). */
public final class Uart16550Registers {

    public static final int RBR_THR_DLL = 0;
    public static final int IER_DLM = 1;
    public static final int IIR_FCR = 2;
    public static final int LCR = 3;
    public static final int MCR = 4;
    public static final int LSR = 5;
    public static final int MSR = 6;
    public static final int SCR = 7;

    public static final int IER_RDI = 0x01, IER_THRI = 0x02, IER_RLSI = 0x04, IER_MSI = 0x08;
    public static final int IIR_NO_INT = 0x01, IIR_MSI = 0x00, IIR_THRI = 0x02, IIR_RDI = 0x04,
            IIR_RLSI = 0x06, IIR_FIFO_ENABLED = 0xC0;
    public static final int FCR_FE = 0x01, FCR_RFR = 0x02;
    public static final int LCR_DLAB = 0x80;
    public static final int MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08, MCR_LOOP = 0x10;
    public static final int LSR_DR = 0x01, LSR_OE = 0x02, LSR_THRE = 0x20, LSR_TEMT = 0x40;
    public static final int MSR_DCTS = 0x01, MSR_DDSR = 0x02, MSR_TERI = 0x04, MSR_DDCD = 0x08,
            MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40, MSR_DCD = 0x80;

    private Uart16550Registers() {
    }
}
