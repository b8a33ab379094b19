package io.tdxsim.vcpu;

import io.tdxsim.vcpu.handler.HandlerProfile;
import io.tdxsim.vcpu.handler.VeHandler;
import io.tdxsim.vmm.engine.CostModel;

/**
 * What every vCPU of a group shares, made once per group: a million vCPUs of one group hold one
 * of these, not a million copies (only the index and the seed's perturbation are a vCPU's own).
 *
 * @param code            program text, loaded at the text base for its mode
 * @param initialGprs     the 16 GPRs at start (RSP..R15 included), or null for zeros
 * @param indexInRdi      RDI starts as the vCPU's index (a C program's {@code main(int vcpu)})
 * @param costs           what the vCPU charges in virtual time (the engine's lookahead uses the same)
 * @param maxInstructions budget; running out is the LIMIT fault
 * @param sliceInstructions instructions run per message before yielding the thread
 * @param extable         exception table: triples of (faulting RIP, fixup RIP, {@link VcpuSpec#EX_DEFAULT} or
 *                        {@link VcpuSpec#EX_ZEROPAD}), may be empty
 * @param memory          the TD's memory, the same object for every vCPU of a run; null gives each
 *                        vCPU a memory of its own (tests)
 * @param space           the address space that {@code gpaWidth} and {@code ramBytes} give
 * @param handler         the profile's #VE handler (stateless, shared), or null where the vCPU
 *                        emulates accesses itself
 * @param layout          the memory view its vCPUs share (space, memory, text, modes), or null when
 *                        {@code memory} is: then each vCPU makes its own ({@link #vcpuLayout})
 */
public record VcpuGroup(byte[] code, boolean userMode, HandlerProfile profile, long[] initialGprs, boolean indexInRdi,
                        CostModel costs, long maxInstructions, int sliceInstructions, long[] extable,
                        TdMemory memory, AddressSpace space, VeHandler handler, GuestLayout layout) {

    /** The group's address space and handler derived from the guest's GPA width and RAM size. */
    public static VcpuGroup of(byte[] code, boolean userMode, HandlerProfile profile, int gpaWidth, long ramBytes,
                               long[] initialGprs, boolean indexInRdi, CostModel costs, long maxInstructions,
                               int sliceInstructions, long[] extable, TdMemory memory) {
        AddressSpace space = new AddressSpace(gpaWidth, ramBytes);
        VeHandler handler = profile == HandlerProfile.ARCHITECTURAL || costs.directHypercall()
                ? null : profile.handler(space.sharedBit());
        GuestLayout layout = memory == null ? null
                : new GuestLayout(space, memory, code, userMode, handler == null, costs.memoryEvents());
        return new VcpuGroup(code, userMode, profile, initialGprs, indexInRdi, costs, maxInstructions,
                sliceInstructions, extable, memory, space, handler, layout);
    }

    /** The layout a vCPU of this group runs in: the shared one, or one with a memory of the vCPU's own. */
    GuestLayout vcpuLayout() {
        return layout != null ? layout
                : new GuestLayout(space, new TdMemory(), code, userMode, emulatesAccesses(), costs.memoryEvents());
    }

    /** The fixup address for a fault at {@code rip}, or {@link VcpuSpec#NO_FIXUP}. */
    public long fixupFor(long rip) {
        int i = extableEntry(rip);
        return i < 0 ? VcpuSpec.NO_FIXUP : extable[i + 1];
    }

    /** The entry type for {@code rip} ({@link VcpuSpec#EX_DEFAULT} if there is none). */
    public long fixupType(long rip) {
        int i = extableEntry(rip);
        return i < 0 ? VcpuSpec.EX_DEFAULT : extable[i + 2];
    }

    private int extableEntry(long rip) {
        for (int i = 0; i + VcpuSpec.EX_ENTRY <= extable.length; i += VcpuSpec.EX_ENTRY) {
            if (extable[i] == rip) {
                return i;
            }
        }
        return -1;
    }

    /** The vCPU emulates its accesses itself: the architectural profile, or accessors that call TDVMCALL. */
    public boolean emulatesAccesses() {
        return handler == null;
    }
}
