package io.tdxsim.vmm;

/** TDG.VP.VMCALL completion status returned in R10 (GHCI). The project's one status table. */
public enum TdvmcallStatus {
    SUCCESS(0L),
    RETRY(1L),
    INVALID_OPERAND(0x8000_0000_0000_0000L),
    GPA_INUSE(0x8000_0000_0000_0001L),
    ALIGN_ERROR(0x8000_0000_0000_0002L),
    SUBFUNC_UNSUPPORTED(0x8000_0000_0000_0003L),
    /**
     * Not a GHCI status: R10 != 0 makes the TDVMCALL a KVM hypercall (tdx_to_vmx_exit_reason), and
     * KVM answers an unknown hypercall with -KVM_ENOSYS in R10.
     */
    KVM_ENOSYS(-1000L);

    private static final TdvmcallStatus[] ALL = values();

    private final long code;

    TdvmcallStatus(long code) {
        this.code = code;
    }

    public long code() {
        return code;
    }

    /**
     * What the VMM answers for a device's verdict on an access: a refused size or a model
     * failure is INVALID_OPERAND, a misaligned access ALIGN_ERROR.
     */
    public static TdvmcallStatus ofDevice(DevicePort.Status status) {
        return switch (status) {
            case OK, IGNORED -> SUCCESS;
            case REJECTED_SIZE, DEVICE_ERROR -> INVALID_OPERAND;
            case REJECTED_ALIGNMENT -> ALIGN_ERROR;
        };
    }

    /** The status for an R10 value, or null if the code is not one GHCI defines. */
    public static TdvmcallStatus of(long code) {
        for (TdvmcallStatus s : ALL) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }

    /** Name for reports: the enum name, or the raw hex code if unknown. */
    public static String describe(long code) {
        TdvmcallStatus s = of(code);
        return s != null ? s.name() : String.format("0x%016x", code);
    }
}
