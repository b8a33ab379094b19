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
 * @param extable         exception table: pairs of (faulting RIP, fixup RIP), may be empty
 */
public record VcpuSpec(int index, byte[] code, boolean userMode, HandlerProfile profile, int gpaWidth,
                       long ramBytes, long[] initialGprs, CostModel costs, long maxInstructions,
                       int sliceInstructions, long[] extable) {

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

    /** The fixup address for a fault at {@code rip}, or {@link #NO_FIXUP}. */
    public long fixupFor(long rip) {
        for (int i = 0; i + 1 < extable.length; i += 2) {
            if (extable[i] == rip) {
                return extable[i + 1];
            }
        }
        return NO_FIXUP;
    }
}
