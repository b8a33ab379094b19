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
 */
public record VcpuSpec(int index, byte[] code, boolean userMode, HandlerProfile profile, int gpaWidth,
                       long ramBytes, long[] initialGprs, long instructionNs, long veNs, long tdvmcallNs,
                       boolean directHypercall, long maxInstructions, int sliceInstructions) {
}
