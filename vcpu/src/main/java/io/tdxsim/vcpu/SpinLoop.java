package io.tdxsim.vcpu;

/**
 * A vCPU's last PAUSE, to recognise a spin loop that goes round without changing anything: the
 * same RIP, registers and flags at two PAUSEs in a row, with no call and no store that changed
 * RAM between them. Such a pass is a pure function of what it read, so until another vCPU writes
 * every further pass is the same, and stress mode can account for them in one step (their
 * virtual time and instructions) instead of executing each. Made at a vCPU's first PAUSE.
 */
final class SpinLoop {

    private final long[] gpr = new long[16];
    private long rip;
    private long rflags;
    private long stores;
    private long calls;
    private long vt;
    private long instructions;
    private boolean seen;
    private long periodNs;
    private long periodInstructions;

    // Deterministic mode: the pass since the last PAUSE, kept here as only spinners need it (Vcpu)
    /** A PAUSE retired and the pass after it has made no turn yet. */
    boolean passStart;
    /** The pass before that PAUSE changed nothing, so the engine may account for repeats of it. */
    boolean passRepeats;
    /** Turns since the last PAUSE: a pass the engine may repeat makes exactly one. */
    int passTurns;
    /** Host preemptions taken by the last PAUSE: a pass with one in it took longer than its repeats will. */
    int preemptionsAtPause;

    /**
     * Records this PAUSE and answers whether the pass since the previous one changed nothing
     * (then {@link #periodNs} and {@link #periodInstructions} give that pass's cost).
     */
    boolean repeats(RegisterFile regs, long changedStores, long callsMade, long now, long retired) {
        boolean same = seen && rip == regs.rip && rflags == regs.rflags && stores == changedStores
                && calls == callsMade && java.util.Arrays.equals(gpr, regs.gpr) && now > vt;
        periodNs = now - vt;
        periodInstructions = retired - instructions;
        System.arraycopy(regs.gpr, 0, gpr, 0, 16);
        rip = regs.rip;
        rflags = regs.rflags;
        stores = changedStores;
        calls = callsMade;
        vt = now;
        instructions = retired;
        seen = true;
        return same && periodInstructions > 0;
    }

    long periodNs() {
        return periodNs;
    }

    long periodInstructions() {
        return periodInstructions;
    }

    /** {@code passes} more passes were accounted for without executing them. */
    void skipped(long passes) {
        vt += passes * periodNs;
        instructions += passes * periodInstructions;
    }
}
