package io.tdxsim.devices;

/**
 * Applies a device's access contract around its model, as QEMU's memory core does: refuses what
 * the contract forbids, splits accesses wider than the model implements into aligned pieces and
 * recombines them little-endian, widens narrower ones. The VMM and {@link DeviceHarness} both
 * serve through it, so a model sees the same calls under test as in a run.
 */
public final class ContractedAccess {

    /** What the contract makes of an access before the model sees it. */
    public enum Verdict { OK, REJECTED_SIZE, REJECTED_ALIGNMENT, IGNORED }

    private ContractedAccess() {
    }

    public static Verdict check(AccessContract contract, long offset, int size) {
        if (contract.accepts(offset, size)) {
            return Verdict.OK;
        }
        if (contract.onViolation() == AccessContract.Violation.IGNORE) {
            return Verdict.IGNORED;
        }
        return size < contract.validMin() || size > contract.validMax() ? Verdict.REJECTED_SIZE
                : Verdict.REJECTED_ALIGNMENT;
    }

    /** What a read the contract ignores returns: all ones, as QEMU's unassigned or refused reads. */
    public static long ignoredRead(int size) {
        return mask(size);
    }

    /**
     * Performs an access the contract accepts (see {@link #check}); returns the value read, or 0
     * for a write, whose data is in the low {@code size} bytes of {@code value}.
     */
    public static long perform(MmioDevice model, AccessContract contract, long offset, int size, boolean write,
                               long value, AccessContext ctx) {
        if (size > contract.implMax()) {
            return split(model, contract.implMax(), offset, size, write, value, ctx);
        }
        if (size < contract.implMin()) {
            return widen(model, contract.implMin(), offset, size, write, value, ctx);
        }
        if (write) {
            model.write(offset, size, value & mask(size), ctx);
            return 0;
        }
        return model.read(offset, size, ctx) & mask(size);
    }

    private static long split(MmioDevice model, int piece, long offset, int size, boolean write, long value,
                              AccessContext ctx) {
        long pieceMask = mask(piece);
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

    private static long widen(MmioDevice model, int wide, long offset, int size, boolean write, long value,
                              AccessContext ctx) {
        long aligned = offset & -(long) wide;
        int shift = (int) (8 * (offset - aligned));
        if (write) {
            model.write(aligned, wide, (value & mask(size)) << shift, ctx);
            return 0;
        }
        return (model.read(aligned, wide, ctx) >>> shift) & mask(size);
    }

    private static long mask(int size) {
        return size >= 8 ? -1L : (1L << (8 * size)) - 1;
    }
}
