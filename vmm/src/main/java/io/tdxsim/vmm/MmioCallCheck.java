package io.tdxsim.vmm;

/** KVM's checks on TDG.VP.VMCALL<#VE.RequestMMIO>, in KVM's order. Stateless, so any caller can use it. */
public final class MmioCallCheck {

    private MmioCallCheck() {
    }

    /** The refusal for a call, or null when the call is acceptable. */
    public static TdvmcallStatus validate(TdVmCall call, long sharedBit) {
        if (call.r10() != Ghci.STANDARD || call.r11() != Ghci.SUBFUNC_REQUEST_MMIO) {
            return TdvmcallStatus.SUBFUNC_UNSUPPORTED;
        }
        if (!Ghci.validSize(call.r12())) {
            return TdvmcallStatus.INVALID_OPERAND;
        }
        if (call.r13() != Ghci.DIRECTION_READ && call.r13() != Ghci.DIRECTION_WRITE) {
            return TdvmcallStatus.INVALID_OPERAND;
        }
        long last = call.r14() + call.r12() - 1;
        if ((call.r14() & sharedBit) == 0 || (last & sharedBit) == 0) {
            return TdvmcallStatus.INVALID_OPERAND;
        }
        return null;
    }
}
