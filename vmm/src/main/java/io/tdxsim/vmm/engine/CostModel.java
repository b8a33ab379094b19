package io.tdxsim.vmm.engine;

/**
 * The virtual-time costs of an exit, in one place: the vCPU charges them, and the engine derives
 * from the same figures the earliest time a vCPU's next call can arrive (its lookahead), so the
 * two can never disagree.
 *
 * @param instructionNs   one retired guest instruction
 * @param veNs            #VE delivery, VEINFO.GET and the handler's decode, per exit taken as a #VE
 * @param tdvmcallNs      TD exit plus re-entry for one TDVMCALL, half charged each way
 * @param vmmNs           the VMM's validation and routing of one call
 * @param directHypercall the guest's accessors call TDVMCALL themselves: no #VE is taken
 * @param memoryEvents    vCPUs also take turns on shared memory (deterministic mode), an event
 *                        that can come as soon as a vCPU runs, so the lookahead shrinks to that
 */
public record CostModel(long instructionNs, long veNs, long tdvmcallNs, long vmmNs, boolean directHypercall,
                        boolean memoryEvents) {

    /** Costs of a guest whose vCPUs share state through devices only. */
    public CostModel(long instructionNs, long veNs, long tdvmcallNs, long vmmNs, boolean directHypercall) {
        this(instructionNs, veNs, tdvmcallNs, vmmNs, directHypercall, false);
    }

    public CostModel {
        if (instructionNs < 0 || veNs < 0 || tdvmcallNs < 0 || vmmNs < 0) {
            throw new IllegalArgumentException("costs must not be negative");
        }
    }

    /** Time between the faulting access and the handler's TDVMCALL (0 when no #VE is taken). */
    public long gateNs() {
        return directHypercall ? 0 : veNs;
    }

    /** One direction of the TD transition. */
    public long halfTransitionNs() {
        return tdvmcallNs / 2;
    }

    /** When a call made by a vCPU whose handler is at {@code vcpuVt} reaches the VMM. */
    public long arrival(long vcpuVt) {
        return vcpuVt + halfTransitionNs();
    }

    /** When the vCPU runs again after the VMM answered at {@code replyVt}. */
    public long resume(long vcpuVt, long replyVt) {
        return Math.max(vcpuVt, replyVt + halfTransitionNs());
    }

    /** Earliest arrival of any vCPU's first event: a vCPU starts at 0 and may fault at once. */
    public long firstCallBound() {
        return memoryEvents ? 0 : gateNs() + halfTransitionNs();
    }

    /** Earliest arrival of a vCPU's next event once the VMM answered its last call at {@code replyVt}. */
    public long nextCallBound(long replyVt) {
        long resume = saturatedAdd(replyVt, halfTransitionNs());
        return memoryEvents ? resume : saturatedAdd(resume, halfTransitionNs() + gateNs());
    }

    /** Earliest arrival of a vCPU's next call while its call that arrived at {@code callVt} is in flight. */
    public long inFlightBound(long callVt) {
        return nextCallBound(saturatedAdd(callVt, vmmNs));
    }

    static long saturatedAdd(long a, long b) {
        long s = a + b;
        return s < a ? Long.MAX_VALUE : s;
    }
}
