package io.tdxsim.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.tdxsim.devices.AccessContext;
import io.tdxsim.devices.DmaMemory;
import io.tdxsim.devices.MmioDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A hosted model's own service time, DMA and interrupts, through a real device actor. */
class DeviceReachTest {

    @RegisterExtension
    static final ActorKit kit = new ActorKit();

    /** A write of n moves n bytes from 0x1000 by DMA, costs n ns more, and raises line 2 and MSI 40. */
    private static final MmioDevice MOVER = new MmioDevice() {
        @Override
        public long read(long offset, int size, AccessContext ctx) {
            return 0;
        }

        @Override
        public void write(long offset, int size, long value, AccessContext ctx) {
            ctx.addServiceNs(value);
            ctx.dma().read(offset == 0 ? 0x1000 : 0x9000, new byte[(int) value], 0, (int) value);
            ctx.interrupts().line(2, true);
            ctx.interrupts().msi(40);
        }
    };

    /** Only the page at 0x1000 is shared. */
    private static final DmaMemory ONE_PAGE = new DmaMemory() {
        @Override
        public boolean read(long gpa, byte[] into, int at, int length) {
            return gpa >= 0x1000 && gpa + length <= 0x2000;
        }

        @Override
        public boolean write(long gpa, byte[] from, int at, int length) {
            return false;
        }
    };

    @Test
    void theModelsServiceTimeAddsToTheMinimumAndItsDmaAndInterruptsAreCounted() {
        ActorRef<DeviceActor.Command> device = kit.spawn(DeviceActor.create(0, "mover", () -> MOVER, 100, 0, null,
                DeviceFaults.NONE, ONE_PAGE));
        TestProbe<VmmActor.Command> vmm = kit.createTestProbe();
        TestProbe<VmmActor.Reply> vcpu = kit.createTestProbe();
        device.tell(new DeviceActor.Access(TdVmCall.mmio(0, 1, 0, 0, 4, true, 0, 64, vcpu.getRef()), 0, 0, 1_000,
                vmm.getRef()));
        VmmActor.Served first = vmm.expectMessageClass(VmmActor.Served.class);
        assertEquals(1_000, first.startVt());
        assertEquals(1_164, first.doneVt(), "100ns of service plus the 64 the model added");
        device.tell(new DeviceActor.Access(TdVmCall.mmio(0, 2, 0, 0, 4, true, 0, 8, vcpu.getRef()), 8, 0, 1_000,
                vmm.getRef()));
        VmmActor.Served second = vmm.expectMessageClass(VmmActor.Served.class);
        assertEquals(1_164, second.startVt(), "the added time kept the device busy");
        assertEquals(1_272, second.doneVt());
        TestProbe<DeviceStats> stats = kit.createTestProbe();
        device.tell(new DeviceActor.GetStats(stats.getRef()));
        DeviceStats s = stats.receiveMessage();
        assertEquals(1, s.dmaReads);
        assertEquals(64, s.dmaBytes);
        assertEquals(1, s.dmaRefused, "the second read reaches beyond the shared page");
        assertEquals(3, s.interrupts, "one rising edge of line 2, two MSIs");
        assertEquals(272, s.busyNs);
    }
}
