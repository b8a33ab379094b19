package io.tdxsim.devices;

import static io.tdxsim.devices.Uart16550Registers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class Uart16550DeviceTest {

    private final TestContext ctx = TestContext.at(0);
    private final Uart16550Device uart = new Uart16550Device(DeviceParams.empty());

    private long read(int reg) {
        return uart.read(reg, 1, ctx);
    }

    private void write(int reg, int value) {
        uart.write(reg, 1, value, ctx);
    }

    private void send(String text) {
        for (char c : text.toCharArray()) {
            write(RBR_THR_DLL, c);
        }
    }

    @Test
    void transmittedBytesAccumulateInTxAndSnapshot() {
        send("hi\n");
        assertEquals("hi\n", uart.transmitted());
        Map<String, Object> snap = uart.snapshot();
        assertEquals("hi\n", snap.get("tx"));
        assertEquals(3L, snap.get("tx-bytes"));
    }

    @Test
    void txKeepsOnlyCapacityButCountsEveryByte() {
        Uart16550Device small = new Uart16550Device(DeviceParams.of(Map.of("tx-capacity", 2)));
        for (char c : "abcd".toCharArray()) {
            small.write(RBR_THR_DLL, 1, c, ctx);
        }
        assertEquals("ab", small.transmitted());
        assertEquals(4L, small.snapshot().get("tx-bytes"));
    }

    @Test
    void resetStateIsTransmitterEmptyDivisor12AndOut2() {
        assertEquals(LSR_THRE | LSR_TEMT, read(LSR));
        assertEquals(MCR_OUT2, read(MCR));
        assertEquals(IIR_NO_INT, read(IIR_FCR));
        write(LCR, LCR_DLAB);
        assertEquals(0x0C, read(RBR_THR_DLL));
        assertEquals(0x00, read(IER_DLM));
    }

    @Test
    void dlabSwitchesOffsetsZeroAndOneToDivisorLatch() {
        write(IER_DLM, IER_RDI);
        write(LCR, LCR_DLAB | 0x03);
        write(RBR_THR_DLL, 0x01);
        write(IER_DLM, 0x02);
        assertEquals(0x01, read(RBR_THR_DLL));
        assertEquals(0x02, read(IER_DLM));
        assertEquals("", uart.transmitted(), "a DLL write must not transmit");
        write(LCR, 0x03);
        assertEquals(IER_RDI, read(IER_DLM), "IER is untouched by DLM writes");
        assertEquals(0x0201L, uart.snapshot().get("divisor"));
    }

    @Test
    void loopbackMovesThrIntoRbrAndSetsDataReady() {
        write(MCR, MCR_LOOP);
        write(RBR_THR_DLL, 'x');
        assertEquals("", uart.transmitted());
        assertEquals(LSR_DR | LSR_THRE | LSR_TEMT, read(LSR));
        assertEquals('x', read(RBR_THR_DLL));
        assertEquals(LSR_THRE | LSR_TEMT, read(LSR), "DR clears when the receiver is empty");
    }

    @Test
    void withoutFifoASecondByteOverrunsAndLsrReadClearsOverrun() {
        write(MCR, MCR_LOOP);
        send("ab");
        assertEquals(LSR_DR | LSR_OE | LSR_THRE | LSR_TEMT, read(LSR));
        assertEquals(LSR_DR | LSR_THRE | LSR_TEMT, read(LSR));
        assertEquals('b', read(RBR_THR_DLL), "a 16450 holding register keeps the newest byte");
    }

    @Test
    void fifoHoldsSixteenBytesInOrder() {
        write(IIR_FCR, FCR_FE);
        write(MCR, MCR_LOOP);
        send("0123456789abcdefX");
        assertEquals(1L, uart.snapshot().get("overruns"));
        StringBuilder got = new StringBuilder();
        while ((read(LSR) & LSR_DR) != 0) {
            got.append((char) read(RBR_THR_DLL));
        }
        assertEquals("0123456789abcdef", got.toString());
    }

    @Test
    void fcrReceiverResetEmptiesTheFifo() {
        write(IIR_FCR, FCR_FE);
        write(MCR, MCR_LOOP);
        send("abc");
        write(IIR_FCR, FCR_FE | FCR_RFR);
        assertEquals(0, read(LSR) & LSR_DR);
        assertEquals(IIR_FIFO_ENABLED | IIR_NO_INT, read(IIR_FCR));
    }

    @Test
    void enablingThriReportsThreInterruptAndReadingIirClearsIt() {
        write(IER_DLM, IER_THRI);
        assertEquals(IIR_THRI, read(IIR_FCR));
        assertEquals(IIR_NO_INT, read(IIR_FCR));
        write(RBR_THR_DLL, 'a');
        assertEquals(IIR_THRI, read(IIR_FCR), "THR empties again after a transmit");
    }

    @Test
    void thriIsNotReportedWhenDisabled() {
        write(RBR_THR_DLL, 'a');
        assertEquals(IIR_NO_INT, read(IIR_FCR));
    }

    @Test
    void receivedDataOutranksThreInIir() {
        write(IER_DLM, IER_THRI | IER_RDI);
        uart.receive((byte) 'z');
        assertEquals(IIR_RDI, read(IIR_FCR));
        read(RBR_THR_DLL);
        assertEquals(IIR_THRI, read(IIR_FCR));
    }

    @Test
    void overrunRaisesLineStatusInterruptFirst() {
        write(IER_DLM, IER_RLSI | IER_RDI);
        uart.receive((byte) 1);
        uart.receive((byte) 2);
        assertEquals(IIR_RLSI, read(IIR_FCR));
        read(LSR);
        assertEquals(IIR_RDI, read(IIR_FCR));
    }

    @Test
    void loopbackDrivesModemStatusFromMcrWithDeltas() {
        write(MCR, MCR_LOOP | MCR_RTS | MCR_OUT1);
        assertEquals(MSR_CTS | MSR_RI | MSR_DDSR | MSR_DDCD, read(MSR));
        assertEquals(MSR_CTS | MSR_RI, read(MSR), "reading MSR clears the deltas");
        write(MCR, MCR_LOOP | MCR_RTS);
        assertEquals(MSR_CTS | MSR_TERI, read(MSR), "RI falling edge sets TERI");
    }

    @Test
    void modemStatusInterruptFollowsDeltas() {
        write(IER_DLM, IER_MSI);
        write(MCR, MCR_LOOP);
        assertEquals(IIR_MSI, read(IIR_FCR));
        read(MSR);
        assertEquals(IIR_NO_INT, read(IIR_FCR));
    }

    @Test
    void inputParamIsPacedSoItNeverOverruns() {
        Uart16550Device withInput = new Uart16550Device(DeviceParams.of(Map.of("input", "ok")));
        StringBuilder got = new StringBuilder();
        while ((withInput.read(LSR, 1, ctx) & LSR_DR) != 0) {
            got.append((char) withInput.read(RBR_THR_DLL, 1, ctx));
        }
        assertEquals("ok", got.toString());
        assertEquals(0L, withInput.snapshot().get("overruns"));
    }

    @Test
    void scratchAndLineControlReadBack() {
        write(SCR, 0xA5);
        write(LCR, 0x1B);
        assertEquals(0xA5, read(SCR));
        assertEquals(0x1B, read(LCR));
    }

    @Test
    void lsrAndMsrIgnoreWrites() {
        write(LSR, 0);
        write(MSR, 0);
        assertEquals(LSR_THRE | LSR_TEMT, read(LSR));
        assertEquals(MSR_DCD | MSR_DSR | MSR_CTS, read(MSR));
    }

    @Test
    void offsetsPastScratchDecodeToNothing() {
        uart.write(8, 1, 'q', ctx);
        uart.write(0x1_0000_0000L, 1, 'q', ctx);
        assertEquals("", uart.transmitted());
        assertEquals(0L, uart.read(0x1_0000_0005L, 1, ctx));
    }

    @Test
    void contractAcceptsOnlySingleBytes() {
        AccessContract c = uart.contract();
        assertTrue(c.accepts(LSR, 1));
        assertFalse(c.accepts(0, 2));
        assertFalse(c.accepts(0, 4));
        assertEquals(1, c.implMax());
    }
}
