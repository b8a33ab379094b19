package io.tdxsim.vmm;

import io.tdxsim.devices.AccessContext;
import io.tdxsim.devices.AccessContract;
import io.tdxsim.devices.MmioDevice;

/**
 * Applies a device's access contract around its model, as QEMU's memory core does: rejects
 * accesses the contract forbids, splits accesses wider than the model implements into aligned
 * pieces and recombines them little-endian, widens narrower ones. Not thread-safe: one caller
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
        if (!contract.accepts(offset, size)) {
            if (contract.onViolation() == AccessContract.Violation.IGNORE) {
                out[0] = write ? 0 : -1L & Ghci.mask(size);
                return Status.IGNORED;
            }
            return size < contract.validMin() || size > contract.validMax() ? Status.REJECTED_SIZE
                    : Status.REJECTED_ALIGNMENT;
        }
        try {
            if (size > contract.implMax()) {
                out[0] = split(offset, size, write, value, ctx);
            } else if (size < contract.implMin()) {
                out[0] = widen(offset, size, write, value, ctx);
            } else if (write) {
                model.write(offset, size, value & Ghci.mask(size), ctx);
            } else {
                out[0] = model.read(offset, size, ctx) & Ghci.mask(size);
            }
            return Status.OK;
        } catch (RuntimeException | AssertionError e) {
            lastFailure = e;
            return Status.DEVICE_ERROR;
        }
    }

    private long split(long offset, int size, boolean write, long value, AccessContext ctx) {
        int piece = contract.implMax();
        long pieceMask = Ghci.mask(piece);
        long result = 0;
        for (int done = 0; done < size; done += piece) {
            int shift = 8 * done;
            if (write) {
                model.write(offset + done, piece, (value >>> shift) & pieceMask, ctx);
            } else {
                result |= (model.read(offset + done, piece, ctx) & pieceMask) << shift;
            }
        }
        return result;
    }

    private long widen(long offset, int size, boolean write, long value, AccessContext ctx) {
        int wide = contract.implMin();
        long aligned = offset & -(long) wide;
        int shift = (int) (8 * (offset - aligned));
        if (write) {
            model.write(aligned, wide, (value & Ghci.mask(size)) << shift, ctx);
            return 0;
        }
        return (model.read(aligned, wide, ctx) >>> shift) & Ghci.mask(size);
    }
}
