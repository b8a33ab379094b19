package io.tdxsim.vmm;

/**
 * KVM's checks on TDG.VP.VMCALL&lt;Instruction.IO&gt; (tdx_emulate_io()), in KVM's order. Unlike the
 * MMIO call, size and direction are held in 64 bits there, so R12 = 0x1_0000_0001 is refused.
 */
public final class IoCallCheck {

    private IoCallCheck() {
    }

    /** A standard call for sub-function Instruction.IO (R10 != 0 is a KVM hypercall, whatever R11 says). */
    public static boolean isIo(TdVmCall call) {
        return call.r10() == Ghci.STANDARD && call.r11() == Ghci.SUBFUNC_IO;
    }

    /** The refusal for an Instruction.IO call, or null when the call is acceptable. */
    public static TdvmcallStatus validate(TdVmCall call) {
        long size = call.r12();
        long write = call.r13();
        if ((write != Ghci.DIRECTION_READ && write != Ghci.DIRECTION_WRITE) || (size != 1 && size != 2 && size != 4)) {
            return TdvmcallStatus.INVALID_OPERAND;
        }
        return null;
    }

    /** The port KVM passes on: R14 read into an unsigned int, then the emulator's 16-bit port. */
    public static long port(TdVmCall call) {
        return call.r14() & 0xFFFF;
    }
}
