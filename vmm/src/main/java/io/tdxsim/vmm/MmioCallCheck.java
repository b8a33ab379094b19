package io.tdxsim.vmm;

/** KVM's checks on TDG.VP.VMCALL<#VE.RequestMMIO>, in KVM's order. Stateless, so any caller can use it. */
public final class MmioCallCheck {

    private MmioCallCheck() {
    }

    /** The refusal for a call, or null when the call is acceptable. */
    public static TdvmcallStatus validate(TdVmCall call, long sharedBit) {
        if (call.r10() != Ghci.STANDARD) {
            return TdvmcallStatus.KVM_ENOSYS;               // a KVM hypercall, and not one KVM knows
        }
        if (call.r11() != Ghci.SUBFUNC_REQUEST_MMIO) {
            return TdvmcallStatus.SUBFUNC_UNSUPPORTED;
        }
        // tdx_emulate_mmio() holds size and direction in ints: R12/R13 bits 63:32 are dropped
        int size = (int) call.r12();
        int write = (int) call.r13();
        if (!Ghci.validSize(size)) {
            return TdvmcallStatus.INVALID_OPERAND;
        }
        if (write != Ghci.DIRECTION_READ && write != Ghci.DIRECTION_WRITE) {
            return TdvmcallStatus.INVALID_OPERAND;
        }
        long last = call.r14() + size - 1;
        if ((call.r14() & sharedBit) == 0 || (last & sharedBit) == 0) {
            return TdvmcallStatus.INVALID_OPERAND;
        }
        return null;
    }
}
