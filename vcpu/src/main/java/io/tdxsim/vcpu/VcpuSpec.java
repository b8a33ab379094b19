package io.tdxsim.vcpu;

import io.tdxsim.vcpu.handler.HandlerProfile;
import io.tdxsim.vmm.engine.CostModel;
import io.tdxsim.vmm.engine.Perturbation;

/**
 * One vCPU of a run: its index, what its group shares ({@link VcpuGroup}) and its share of the
 * seed's schedule (preemptions, jitter), null for most vCPUs.
 */
public record VcpuSpec(int index, VcpuGroup group, Perturbation perturbation) {

    /** A vCPU in a group of its own (tests, one-off runs); see {@link VcpuGroup} for the parameters. */
    public VcpuSpec(int index, byte[] code, boolean userMode, HandlerProfile profile, int gpaWidth,
                    long ramBytes, long[] initialGprs, CostModel costs, long maxInstructions,
                    int sliceInstructions, long[] extable, TdMemory memory, Perturbation perturbation) {
        this(index, VcpuGroup.of(code, userMode, profile, gpaWidth, ramBytes, initialGprs, false, costs,
                maxInstructions, sliceInstructions, extable, memory), perturbation);
    }

    /** With a memory of its own and no schedule perturbation. */
    public VcpuSpec(int index, byte[] code, boolean userMode, HandlerProfile profile, int gpaWidth, long ramBytes,
                    long[] initialGprs, CostModel costs, long maxInstructions, int sliceInstructions,
                    long[] extable) {
        this(index, code, userMode, profile, gpaWidth, ramBytes, initialGprs, costs, maxInstructions,
                sliceInstructions, extable, null, null);
    }

    /** Without an exception table. */
    public VcpuSpec(int index, byte[] code, boolean userMode, HandlerProfile profile, int gpaWidth, long ramBytes,
                    long[] initialGprs, CostModel costs, long maxInstructions, int sliceInstructions) {
        this(index, code, userMode, profile, gpaWidth, ramBytes, initialGprs, costs, maxInstructions,
                sliceInstructions, new long[0]);
    }

    public byte[] code() {
        return group.code();
    }

    public boolean userMode() {
        return group.userMode();
    }

    public HandlerProfile profile() {
        return group.profile();
    }

    public CostModel costs() {
        return group.costs();
    }

    public TdMemory memory() {
        return group.memory();
    }

    /** The guest's accessors call TDVMCALL themselves: no #VE, no decode. */
    public boolean directHypercall() {
        return group.costs().directHypercall();
    }

    /** Returned by {@link #fixupFor} when there is no entry (kernel addresses are negative longs). */
    public static final long NO_FIXUP = 0;
    /** EX_TYPE_DEFAULT: resume at the fixup address. */
    public static final long EX_DEFAULT = 0;
    /** EX_TYPE_ZEROPAD: ex_handler_zeropad() checks the load and computes its register first. */
    public static final long EX_ZEROPAD = 1;
    /** Longs per exception-table entry. */
    public static final int EX_ENTRY = 3;

    /** The fixup address for a fault at {@code rip}, or {@link #NO_FIXUP}. */
    public long fixupFor(long rip) {
        return group.fixupFor(rip);
    }

    /** The entry type for {@code rip} ({@link #EX_DEFAULT} if there is none). */
    public long fixupType(long rip) {
        return group.fixupType(rip);
    }
}
