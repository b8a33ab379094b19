package io.tdxsim.vmm;

/**
 * The vCPUs asleep in TDVMCALL&lt;Instruction.HLT&gt;: each one's open call and the virtual time
 * the VMM was done with it, the earliest it can be woken.
 */
final class Halts {

    private final int vcpus;
    /** Allocated at the first HLT: runs without one (most) carry nothing per vCPU. */
    private TdVmCall[] asleep;
    private long[] doneVt;
    private int count;

    Halts(int vcpus) {
        this.vcpus = vcpus;
    }

    void park(TdVmCall call, long done) {
        if (asleep == null) {
            asleep = new TdVmCall[vcpus];
            doneVt = new long[vcpus];
        }
        asleep[call.vcpu()] = call;
        doneVt[call.vcpu()] = done;
        count++;
    }

    /** The call of {@code cpu} if it sleeps and an interrupt may wake it (not blocked), now awake. */
    TdVmCall wake(int cpu) {
        TdVmCall call = asleep == null ? null : asleep[cpu];
        return call == null || call.r12() != 0 ? null : take(cpu);
    }

    /** The call of {@code cpu}, asleep or not blocked alike, now no longer asleep; null if it was awake. */
    TdVmCall take(int cpu) {
        TdVmCall call = asleep == null ? null : asleep[cpu];
        if (call != null) {
            asleep[cpu] = null;
            count--;
        }
        return call;
    }

    long doneVt(int cpu) {
        return doneVt[cpu];
    }

    int count() {
        return count;
    }

    /** The sleeping vCPUs in index order. */
    int[] sleepers() {
        int[] out = new int[count];
        int n = 0;
        for (int cpu = 0; asleep != null && cpu < vcpus; cpu++) {
            if (asleep[cpu] != null) {
                out[n++] = cpu;
            }
        }
        return out;
    }

    /** The answer that wakes {@code call} at {@code vt} (the VMM attaches the pending vectors). */
    static TdVmCallResult woken(TdVmCall call, long vt) {
        return new TdVmCallResult(call.seq(), TdvmcallStatus.SUCCESS.code(), 0, vt, -1, vt, -1);
    }
}
