package io.tdxsim.vcpu;

import java.lang.invoke.VarHandle;

/**
 * One vCPU's RAM accesses to the TD's memory during one instruction, with the x86 rules that
 * matter when vCPUs share it. A LOCK-prefixed read-modify-write loads the aligned long holding its
 * operand and stores with a compare-and-set against that long; if another vCPU changed it in
 * between, the instruction runs again ({@link #retry}), which is the atomicity LOCK promises.
 * An operand spanning two longs takes the memory's split lock for the instruction instead. In
 * deterministic mode an access outside the vCPU's own stack needs the engine's turn first.
 */
final class SharedAccess {

    private final TdMemory ram;
    private final int vcpu;
    private final boolean turns;

    boolean locked;
    boolean turnHeld;
    boolean retry;
    private boolean splitHeld;
    /** The aligned long a locked load read, and its value: what the store's CAS expects. */
    private long lockGpa = -1;
    private long lockWord;
    /** Stores that changed RAM, counted once the vCPU spun ({@link SpinLoop}); 0 before. */
    long changedStores;
    boolean watchStores;

    SharedAccess(TdMemory ram, int vcpu, boolean turns) {
        this.ram = ram;
        this.vcpu = vcpu;
        this.turns = turns;
    }

    void begin() {
        locked = false;
        retry = false;
        lockGpa = -1;
    }

    boolean needsTurn(long gpa) {
        return turns && !turnHeld && !AddressSpace.inStackOf(vcpu, gpa);
    }

    void lockSplit() {
        if (!splitHeld) {
            ram.splitLock.lock();
            splitHeld = true;
        }
    }

    void unlock() {
        if (splitHeld) {
            splitHeld = false;
            ram.splitLock.unlock();
        }
    }

    /** A load within one page. */
    long load(long gpa, int size) {
        if (!locked || splitHeld) {
            return ram.load(gpa, size);
        }
        VarHandle.fullFence();
        lockGpa = gpa & ~7L;
        lockWord = ram.volatileLong(gpa);
        return (lockWord >>> (8 * (gpa & 7))) & mask(size);
    }

    /** A store within one page; a locked one fails over to a retry when it lost a race. */
    void store(long gpa, int size, long value) {
        if (!locked || splitHeld || (gpa & ~7L) != lockGpa) {
            if (watchStores && ram.load(gpa, size) != (value & mask(size))) {
                changedStores++;
            }
            ram.store(gpa, size, value);
            return;
        }
        int shift = (int) (8 * (gpa & 7));
        long m = mask(size) << shift;
        long word = (lockWord & ~m) | ((value << shift) & m);
        if (watchStores && word != lockWord) {
            changedStores++;
        }
        if (!ram.compareAndSet(gpa, lockWord, word)) {
            retry = true;
            throw GuestMemory.Stop.INSTANCE;
        }
        VarHandle.fullFence();
    }

    private static long mask(int size) {
        return size == 8 ? -1L : (1L << (8 * size)) - 1;
    }
}
