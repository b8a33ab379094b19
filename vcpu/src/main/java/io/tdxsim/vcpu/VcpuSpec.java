package io.tdxsim.vcpu;

import io.tdxsim.vcpu.handler.HandlerProfile;
import io.tdxsim.vmm.engine.CostModel;

/**
 * Everything one vCPU needs to run.
 *
 * @param code            program text, loaded at the text base for its mode
 * @param initialGprs     the 16 GPRs at start (RSP..R15 included), or null for zeros
 * @param costs           what the vCPU charges in virtual time (the engine's lookahead uses the same)
 * @param maxInstructions budget; running out is the LIMIT fault
 * @param sliceInstructions instructions run per message before yielding the thread
 * @param extable         exception table: triples of (faulting RIP, fixup RIP, {@link #EX_DEFAULT} or
 *                        {@link #EX_ZEROPAD}), may be empty
 * @param memory          the TD's memory, the same object for every vCPU of a run; null gives the
 *                        vCPU a memory of its own (tests)
 * @param perturbation    this vCPU's share of the seed's schedule (preemptions, jitter), or null
 */
public record VcpuSpec(int index, byte[] code, boolean userMode, HandlerProfile profile, int gpaWidth,
                       long ramBytes, long[] initialGprs, CostModel costs, long maxInstructions,
                       int sliceInstructions, long[] extable, TdMemory memory,
                       io.tdxsim.vmm.engine.Perturbation perturbation) {

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

    /** The guest's accessors call TDVMCALL themselves: no #VE, no decode. */
    public boolean directHypercall() {
        return costs.directHypercall();
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
        int i = entry(rip);
        return i < 0 ? NO_FIXUP : extable[i + 1];
    }

    /** The entry type for {@code rip} ({@link #EX_DEFAULT} if there is none). */
    public long fixupType(long rip) {
        int i = entry(rip);
        return i < 0 ? EX_DEFAULT : extable[i + 2];
    }

    private int entry(long rip) {
        for (int i = 0; i + EX_ENTRY <= extable.length; i += EX_ENTRY) {
            if (extable[i] == rip) {
                return i;
            }
        }
        return -1;
    }
}
