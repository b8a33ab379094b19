package io.tdxsim.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TDG.VP.VMCALL&lt;Instruction.IO&gt; at the VMM: KVM's checks, routing by port, unassigned ports. */
class PortIoCallTest {

    private static final long SHARED = 1L << 47;

    private record Routed(String device, TdVmCall call, long offset) { }

    private static final class Recorder implements VmmCore.Outbox<String> {
        final List<Routed> routed = new ArrayList<>();
        final List<TdVmCallResult> answered = new ArrayList<>();

        @Override
        public void toDevice(String device, TdVmCall call, long offset, long vmmStartVt, long arriveVt) {
            routed.add(new Routed(device, call, offset));
        }

        @Override
        public void toVcpu(TdVmCall call, TdVmCallResult result) {
            answered.add(result.copy());   // the core may hand over its scratch
        }
    }

    private static VmmCore<String> core(UnassignedPolicy ports) {
        AddressMap<String> map = AddressMap.<String>builder()
                .add("mmio", 0x3f8, 8, "mmio")                    // the same number as a GPA: another space
                .addPorts("com1", 0x3f8, 8, "com1")
                .build();
        return new VmmCore<>(new VmmSettings(48, 0, UnassignedPolicy.ZEROS).withUnassignedPorts(ports), map);
    }

    private static TdVmCall call(long r10, long r12, long r13, long r14) {
        return new TdVmCall(0, 1, 0, 0, r10, Ghci.SUBFUNC_IO, r12, r13, r14, 0x41, null);
    }

    @ParameterizedTest(name = "R10={0} R12={1} R13={2}")
    @CsvSource({
        "0, 3,           0, 0x8000000000000000",
        "0, 8,           0, 0x8000000000000000",          // no 8-byte port I/O
        "0, 0x100000001, 0, 0x8000000000000000",          // held in 64 bits, unlike the MMIO call
        "0, 1,           2, 0x8000000000000000",
        "0, 1, 0x100000001, 0x8000000000000000",
        "1, 1,           0, 0xfffffffffffffc18",          // a KVM hypercall: -KVM_ENOSYS
    })
    void kvmRefusesMalformedCalls(long r10, long r12, long r13, String status) {
        Recorder out = new Recorder();
        core(UnassignedPolicy.ONES).call(call(r10, r12, r13, 0x3f8), out);
        assertEquals(0, out.routed.size());
        assertEquals(Long.parseUnsignedLong(status.substring(2), 16), out.answered.get(0).r10());
    }

    @Test
    void aPortIsRoutedToTheDeviceAtThatPortNotToTheGpaWithTheSameNumber() {
        Recorder out = new Recorder();
        VmmCore<String> core = core(UnassignedPolicy.ONES);
        core.call(call(0, 1, 1, 0x3fd), out);
        assertEquals("com1", out.routed.get(0).device());
        assertEquals(5, out.routed.get(0).offset());
        core.call(TdVmCall.mmio(1, 1, 0, 0, 1, false, 0x3fd | SHARED, 0, null), out);
        assertEquals("mmio", out.routed.get(1).device());
        // KVM passes the port through a 16-bit parameter: R14 bits above 15 are dropped
        core.call(new TdVmCall(2, 1, 0, 0, 0, Ghci.SUBFUNC_IO, 1, 0, 0x1_0000_03f8L, 0, null), out);
        assertEquals("com1", out.routed.get(2).device());
        assertNull(IoCallCheck.validate(call(0, 4, 0, 0x3f8)));
    }

    @Test
    void unassignedPortsReadAllOnesAsQemuAnswers() {
        Recorder out = new Recorder();
        core(UnassignedPolicy.ONES).call(call(0, 2, 0, 0x80), out);
        assertEquals(0, out.answered.get(0).r10());
        assertEquals(0xffff, out.answered.get(0).r11());

        Recorder refused = new Recorder();
        core(UnassignedPolicy.ERROR).call(call(0, 1, 0, 0x80), refused);
        assertEquals(TdvmcallStatus.INVALID_OPERAND.code(), refused.answered.get(0).r10());
    }
}
