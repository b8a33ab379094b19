package io.tdxsim.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.tdxsim.devices.AccessContext;
import io.tdxsim.devices.DeviceParams;
import io.tdxsim.devices.MmioDevice;
import io.tdxsim.devices.ScratchDevice;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every status the VMM can answer, through real VMM and device actors. */
class VmmStatusPathsTest {

    private static final long SHARED = 1L << 47;
    private static final long STRICT = 0xfe000000L;   // aligned, 1..4 bytes
    private static final long BROKEN = 0xfe001000L;   // its model always throws
    private static final java.util.concurrent.atomic.AtomicLong SEQ = new java.util.concurrent.atomic.AtomicLong();
    @RegisterExtension
    static final ActorKit kit = new ActorKit();

    private static ActorRef<VmmActor.Command> vmm(UnassignedPolicy policy) {
        return vmm(policy, true);
    }

    private static ActorRef<VmmActor.Command> vmm(UnassignedPolicy policy, boolean strictAccesses) {
        MmioDevice throwing = new MmioDevice() {
            @Override
            public long read(long offset, int size, AccessContext ctx) {
                throw new IllegalStateException("model bug");
            }

            @Override
            public void write(long offset, int size, long value, AccessContext ctx) {
                throw new IllegalStateException("model bug");
            }
        };
        ActorRef<DeviceActor.Command> strict = kit.spawn(DeviceActor.create(0, "strict",
                new ScratchDevice(DeviceParams.of(Map.of("valid-max", 4, "aligned", true))), 100));
        ActorRef<DeviceActor.Command> broken = kit.spawn(DeviceActor.create(1, "broken", throwing, 100));
        AddressMap<ActorRef<DeviceActor.Command>> map = AddressMap.<ActorRef<DeviceActor.Command>>builder()
                .add("strict", STRICT, 4096, strict).add("broken", BROKEN, 4096, broken).build();
        return kit.spawn(VmmActor.create(new VmmSettings(48, 10, policy).withStrictAccesses(strictAccesses), map));
    }

    private static TdVmCallResult call(ActorRef<VmmActor.Command> vmm, long r10, long r11, long size, long dir,
                                       long gpa, long data) {
        TestProbe<VmmActor.Reply> probe = kit.createTestProbe();
        // each call carries the next sequence number: the VMM ignores a second answer to the same one
        vmm.tell(new TdVmCall(0, SEQ.incrementAndGet(), 0, 0, r10, r11, size, dir, gpa, data, probe.getRef()));
        return (TdVmCallResult) probe.receiveMessage();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "size 3 is not 1/2/4/8,              0, 48, 3, 0, 0x8000fe000000, INVALID_OPERAND",
        "direction 2 is neither read nor write, 0, 48, 4, 2, 0x8000fe000000, INVALID_OPERAND",
        "shared bit clear,                   0, 48, 4, 0, 0x0000fe000000, INVALID_OPERAND",
        "unknown sub-function,               0, 49, 4, 0, 0x8000fe000000, SUBFUNC_UNSUPPORTED",
        "vendor hypercall (r10 != 0),        1, 48, 4, 0, 0x8000fe000000, KVM_ENOSYS",
        "wider than the device accepts,      0, 48, 8, 0, 0x8000fe000000, INVALID_OPERAND",
        "misaligned for an aligned device,   0, 48, 4, 0, 0x8000fe000002, ALIGN_ERROR",
        "device model throws,                0, 48, 4, 0, 0x8000fe001000, INVALID_OPERAND",
        "accepted access,                    0, 48, 4, 0, 0x8000fe000000, SUCCESS",
    })
    void answersAsKvmWouldOrAsTheDeviceDeclares(String why, long r10, long r11, long size, long dir, String gpa,
                                                TdvmcallStatus expected) {
        TdVmCallResult r = call(vmm(UnassignedPolicy.ERROR), r10, r11, size, dir, Long.decode(gpa), 0);
        assertEquals(expected.code(), r.r10(), why);
    }

    /** KVM completes the MMIO exit whatever QEMU's memory transaction said: success, a read gives 0. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "wider than the device accepts,    8, 0x8000fe000000",
        "misaligned for an aligned device, 4, 0x8000fe000002",
    })
    void byDefaultARefusedAccessIsAnsweredAsKvmWithQemuDoes(String why, long size, String gpa) {
        TdVmCallResult r = call(vmm(UnassignedPolicy.ZEROS, false), 0, 48, size, 0, Long.decode(gpa), 0);
        assertEquals(TdvmcallStatus.SUCCESS.code(), r.r10(), why);
        assertEquals(0, r.r11(), why);
    }

    @Test
    void theSharedBitIsStrippedBeforeRoutingAndReadsReturnWhatWasWritten() {
        ActorRef<VmmActor.Command> vmm = vmm(UnassignedPolicy.ERROR);
        assertEquals(0, call(vmm, 0, 48, 4, 1, SHARED | STRICT | 8, 0xCAFEF00DL).r10());
        TdVmCallResult read = call(vmm, 0, 48, 4, 0, SHARED | STRICT | 8, 0);
        assertEquals(0, read.r10());
        assertEquals(0xCAFEF00DL, read.r11());
        assertEquals(0, read.device());
    }

    /**
     * The first byte is shared, the last is past the top of the GPA space where the shared bit is
     * clear again. Under the ZEROS policy an unassigned read would succeed, so only the last-byte
     * check can refuse it: the test fails if that check goes.
     */
    @Test
    void anAccessWhoseLastByteLeavesSharedMemoryIsRefused() {
        TdVmCallResult r = call(vmm(UnassignedPolicy.ZEROS), 0, 48, 8, 0, 0xfffffffffffcL, 0);
        assertEquals(TdvmcallStatus.INVALID_OPERAND.code(), r.r10());
    }

    /** Past a device's end the access is not the device's: it is unassigned, whatever the next range is. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "runs past the end into nothing,       0xfe001ffe, 4",
        "runs past the end into the next device, 0xfe000ffc, 8",
    })
    void anAccessRunningPastADevicesEndIsNotRoutedToIt(String why, String gpa, long size) {
        TdVmCallResult r = call(vmm(UnassignedPolicy.ZEROS), 0, 48, size, 0, SHARED | Long.decode(gpa), 0);
        assertEquals(-1, r.device(), why);
        assertEquals(TdvmcallStatus.SUCCESS.code(), r.r10(), why);
        assertEquals(0, r.r11(), why);
        TdVmCallResult refused = call(vmm(UnassignedPolicy.ERROR), 0, 48, size, 0, SHARED | Long.decode(gpa), 0);
        assertEquals(TdvmcallStatus.INVALID_OPERAND.code(), refused.r10(), why);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ERROR, INVALID_OPERAND, 0", "ONES, SUCCESS, 0xffffffff", "ZEROS, SUCCESS, 0"})
    void unassignedAddressesFollowThePolicy(UnassignedPolicy policy, TdvmcallStatus status, String value) {
        TdVmCallResult r = call(vmm(policy), 0, 48, 4, 0, SHARED | 0xfe100000L, 0);
        assertEquals(status.code(), r.r10());
        assertEquals((long) Long.decode(value), r.r11());
        assertEquals(-1, r.device());
    }
}
