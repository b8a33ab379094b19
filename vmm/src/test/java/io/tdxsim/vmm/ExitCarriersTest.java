package io.tdxsim.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.tdxsim.devices.DeviceParams;
import io.tdxsim.devices.ScratchDevice;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The exit's messages: a vCPU's call and the VMM's access are refilled, never shared between calls in flight; answers are not reused. */
class ExitCarriersTest {

    private static final long SHARED = 1L << 47;
    private static final long BASE = 0xfe000000L;
    @RegisterExtension
    static final ActorKit kit = new ActorKit();

    private static ActorRef<VmmActor.Command> vmm(DeviceFaults faults) {
        ActorRef<DeviceActor.Command> scratch = kit.spawn(DeviceActor.create(0, "scratch",
                () -> new ScratchDevice(DeviceParams.empty()), 100, 0, null, faults));
        AddressMap<ActorRef<DeviceActor.Command>> map = AddressMap.<ActorRef<DeviceActor.Command>>builder()
                .add("scratch", BASE, 4096, scratch).build();
        return kit.spawn(VmmActor.create(new VmmSettings(48, 10, UnassignedPolicy.ERROR), map));
    }

    @Test
    void aRefilledCallIsTheCallItWasFilledAsAndItsCopyStaysPut() {
        TdVmCall carrier = new TdVmCall().asMmio(3, 9, 100, 200, 4, true, SHARED | BASE, 0x55, null);
        assertEquals(TdVmCall.mmio(3, 9, 100, 200, 4, true, SHARED | BASE, 0x55, null), carrier);
        TdVmCall copy = carrier.copy();
        carrier.asIo(3, 10, 300, 400, 1, false, 0x3f8, 0, null);
        assertEquals(TdVmCall.io(3, 10, 300, 400, 1, false, 0x3f8, 0, null), carrier);
        assertEquals(TdVmCall.mmio(3, 9, 100, 200, 4, true, SHARED | BASE, 0x55, null), copy);
        assertNotEquals(copy, carrier);
    }

    @Test
    void aDuplicatedAnswerKeepsTheCallItAnswersWhenTheCarriersAreRefilled() {
        TdVmCall call = TdVmCall.mmio(0, 1, 0, 0, 4, false, SHARED | BASE, 0, null);
        DeviceActor.Access access = new DeviceActor.Access(call, 0, 10, 20, null);
        VmmActor.Served duplicate = access.served.answer(0, DevicePort.Status.OK, 7, 30, 40, null).copy();
        access.route(call.asMmio(0, 2, 50, 60, 8, true, SHARED | BASE | 8, 1, null), 8, 70, 80);
        access.served.answer(0, DevicePort.Status.OK, 0, 90, 100, null);
        assertEquals(1, duplicate.access().call().seq());
        assertEquals(0, duplicate.access().offset());
        assertEquals(7, duplicate.value());
        assertEquals(40, duplicate.doneVt());
    }

    @Test
    void anAnswerStaysAsItCameWhenItsVcpuAndAnotherAreAnsweredAfterIt() {
        ActorRef<VmmActor.Command> vmm = vmm(DeviceFaults.NONE);
        TestProbe<VmmActor.Reply> first = kit.createTestProbe();
        TestProbe<VmmActor.Reply> second = kit.createTestProbe();
        vmm.tell(TdVmCall.mmio(0, 1, 0, 0, 4, true, SHARED | BASE, 0xAA, first.getRef()));
        TdVmCallResult written = (TdVmCallResult) first.receiveMessage();
        vmm.tell(TdVmCall.mmio(0, 2, 0, 0, 4, false, SHARED | BASE, 0, first.getRef()));
        TdVmCallResult read = (TdVmCallResult) first.receiveMessage();
        vmm.tell(TdVmCall.mmio(1, 1, 0, 0, 4, false, SHARED | BASE | 8, 0, second.getRef()));
        TdVmCallResult other = (TdVmCallResult) second.receiveMessage();
        assertNotSame(written, read, "each answer comes in a carrier of its own");
        assertEquals(1, written.seq(), "vCPU 0's first answer is left as it came");
        assertEquals(2, read.seq());
        assertEquals(0xAA, read.r11());
        assertEquals(0, other.r11());
        assertEquals(1, other.vcpu());
        assertEquals(0, read.vcpu());
    }

    @Test
    void aDeviceAnsweringTwiceLeavesTheVcpusNextCallAlone() {
        ActorRef<VmmActor.Command> vmm = vmm(new DeviceFaults(0, 0, 0, 0, 0, 0, 1, 0, false, 1));
        TestProbe<VmmActor.Reply> vcpu = kit.createTestProbe();
        TdVmCall carrier = new TdVmCall();
        vmm.tell(carrier.asMmio(0, 1, 0, 0, 4, true, SHARED | BASE, 0xAA, vcpu.getRef()));
        vcpu.receiveMessage();
        // refilled at once, as a vCPU does: the first call's duplicate may still be on its way
        vmm.tell(carrier.asMmio(0, 2, 0, 0, 4, false, SHARED | BASE, 0, vcpu.getRef()));
        TdVmCallResult read = (TdVmCallResult) vcpu.receiveMessage();
        assertEquals(2, read.seq());
        assertEquals(0xAA, read.r11());
        vcpu.expectNoMessage(Duration.ofMillis(100));
        TestProbe<VmmStats> stats = kit.createTestProbe();
        vmm.tell(new VmmActor.GetStats(stats.getRef()));
        VmmStats s = stats.receiveMessage();
        assertEquals(2, s.duplicateAnswers);
        assertEquals(2, s.answered);
    }
}
