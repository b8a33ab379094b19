package io.tdxsim.vcpu;

import io.tdxsim.vcpu.handler.HandlerProfile;

/**
 * Everything one vCPU needs to run.
 *
 * @param code            program text, loaded at the text base for its mode
 * @param initialGprs     the 16 GPRs at start (RSP..R15 included), or null for zeros
 * @param instructionNs   virtual cost of one instruction
 * @param veNs            #VE delivery plus handler decode, charged per exit taken as a #VE
 * @param tdvmcallNs      TD exit and re-entry round trip, half charged each way
 * @param directHypercall the guest's accessors call TDVMCALL themselves: no #VE, no decode
 * @param maxInstructions budget; running out is the LIMIT fault
 * @param sliceInstructions instructions run per message before yielding the thread
 * @param extable         exception table: pairs of (faulting RIP, fixup RIP), may be empty
 */
public record VcpuSpec(int index, byte[] code, boolean userMode, HandlerProfile profile, int gpaWidth,
                       long ramBytes, long[] initialGprs, long instructionNs, long veNs, long tdvmcallNs,
                       boolean directHypercall, long maxInstructions, int sliceInstructions, long[] extable) {

    /** Without an exception table. */
    public VcpuSpec(int index, byte[] code, boolean userMode, HandlerProfile profile, int gpaWidth, long ramBytes,
                    long[] initialGprs, long instructionNs, long veNs, long tdvmcallNs, boolean directHypercall,
                    long maxInstructions, int sliceInstructions) {
        this(index, code, userMode, profile, gpaWidth, ramBytes, initialGprs, instructionNs, veNs, tdvmcallNs,
                directHypercall, maxInstructions, sliceInstructions, new long[0]);
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
