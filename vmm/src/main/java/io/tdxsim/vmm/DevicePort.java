package io.tdxsim.vmm;

import io.tdxsim.devices.AccessContext;
import io.tdxsim.devices.AccessContract;
import io.tdxsim.devices.ContractedAccess;
import io.tdxsim.devices.MmioDevice;

/**
 * A device's model behind its access contract ({@link ContractedAccess}), with the outcome the
 * VMM maps to a GHCI status and the failure of a model that threw. Not thread-safe: one caller
 * at a time (the hosting actor), unless the contract is concurrent.
 */
public final class DevicePort {

    /** Outcome of one access. */
    public enum Status { OK, REJECTED_SIZE, REJECTED_ALIGNMENT, IGNORED, DEVICE_ERROR }

    private final MmioDevice model;
    private final AccessContract contract;
    private Throwable lastFailure;

    public DevicePort(MmioDevice model) {
        this.model = model;
        this.contract = model.contract();
    }

    public MmioDevice model() {
        return model;
    }

    public AccessContract contract() {
        return contract;
    }

    /** The exception of the last DEVICE_ERROR. */
    public Throwable lastFailure() {
        return lastFailure;
    }

    /**
     * Performs the access; for reads the value is stored in {@code out[0]}.
     * Writes carry their data in the low {@code size} bytes of {@code value}.
     */
    public Status access(long offset, int size, boolean write, long value, AccessContext ctx, long[] out) {
        out[0] = 0;
        switch (ContractedAccess.check(contract, offset, size)) {
            case REJECTED_SIZE: return Status.REJECTED_SIZE;
            case REJECTED_ALIGNMENT: return Status.REJECTED_ALIGNMENT;
            case IGNORED:
                out[0] = write ? 0 : ContractedAccess.ignoredRead(size);
                return Status.IGNORED;
            default: break;
        }
        try {
            out[0] = ContractedAccess.perform(model, contract, offset, size, write, value, ctx);
            return Status.OK;
        } catch (RuntimeException | AssertionError e) {
            lastFailure = e;
            return Status.DEVICE_ERROR;
        }
    }
}
