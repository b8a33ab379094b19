package io.tdxsim.vcpu;

import io.tdxsim.vcpu.decode.Insn;
import io.tdxsim.vmm.Ghci;
import java.lang.invoke.VarHandle;

/**
 * A vCPU's view of memory: linear-to-physical translation, private RAM, read-only program text,
 * and MMIO. An access that touches MMIO does not complete here: in #VE mode it raises a #VE (the
 * CPU's behaviour in a TD); in emulation mode it becomes an MMIO operation that the vCPU sends
 * to the VMM and the instruction is replayed with the result. An access is split at page
 * boundaries, the way the CPU does it. RAM accesses follow the x86 rules that matter when vCPUs
 * share memory (LOCK, below), and in deterministic mode one outside the vCPU's own stack first
 * stops the instruction for the engine's memory turn.
 */
final class GuestMemory {

    /** Thrown to unwind an instruction that cannot complete yet; preallocated, no stack trace. */
    static final class Stop extends RuntimeException {
        static final Stop INSTANCE = new Stop();

        private Stop() {
            super(null, null, false, false);
        }
    }

    private static final int MAX_OPS = 16;

    /** What every vCPU of the group shares: address space, memory, text, modes. */
    private final GuestLayout layout;
    /** The vCPU's index: its own stack needs no memory turn. */
    private final int vcpu;

    // the operation that stopped the current instruction
    Interpreter.Stop stop;
    long stopGla;
    long stopGpa;
    int stopSize;
    boolean stopWrite;
    /** The stopping access is the load of a read-modify-write instruction. */
    boolean stopReadModifyWrite;
    long stopData;
    /** The stop is a port access: stopGpa holds the port. */
    boolean stopPort;
    /** Set by the executor: the current instruction writes back the operand it loads. */
    boolean readModifyWrite;
    /** Why the instruction faulted; made at the fault (most vCPUs never fault). */
    private Failure failure;

    // The RAM side of the instruction, with the x86 rules that matter when vCPUs share memory. A
    // LOCK-prefixed read-modify-write loads the aligned long holding its operand and stores with a
    // compare-and-set against that long; if another vCPU changed it in between, the instruction
    // runs again (retry), which is the atomicity LOCK promises. An operand spanning two longs
    // takes the memory's split lock for the instruction instead.
    private boolean locked;
    /** Deterministic mode: the engine granted this vCPU's memory turn. */
    private boolean turnHeld;
    private boolean retry;
    private boolean splitHeld;
    /** The aligned long a locked load read, and its value: what the store's CAS expects. */
    private long lockGpa = -1;
    private long lockWord;
    /** Stores that changed RAM, counted once the vCPU spun ({@link SpinLoop}); 0 before. */
    private long changedStores;
    private boolean watchStores;

    /** Results of the replayed instruction's MMIO operations; emulation mode only, null in a TD's #VE mode. */
    private final Replay replay;

    /** A fault and what the guest's kernel would print about it. */
    private record Failure(Fault kind, String detail) { }

    /**
     * An instruction that needs several MMIO operations runs again after each is answered, until all
     * have results. Only emulation mode needs this, so a #VE-mode vCPU (the common case, a million
     * of them in big runs) carries none of it.
     */
    private static final class Replay {
        final long[] values = new long[MAX_OPS];
        /** Operations answered so far. */
        int answered;
        /** The next operation of the current try. */
        int next;
    }

    /** vCPU {@code vcpu}'s view of its group's {@code layout}. */
    GuestMemory(GuestLayout layout, int vcpu) {
        this.layout = layout;
        this.vcpu = vcpu;
        this.replay = layout.emulateMmio ? new Replay() : null;
    }

    long codeBase() {
        return layout.codeBase;
    }

    byte[] code() {
        return layout.code;
    }

    boolean userMode() {
        return layout.userMode;
    }

    /** The TD's memory this vCPU reaches. */
    TdMemory ram() {
        return layout.ram;
    }

    /** The index of the vCPU whose view this is. */
    int vcpu() {
        return vcpu;
    }

    /** The decoded instruction at {@code offset} of the program text. */
    Insn decodedAt(int offset) {
        return layout.text.at(layout.code, offset);
    }

    /** The instruction at {@code offset} of the program text as the guest kernel's decoder reads it. */
    Insn kernelDecodedAt(int offset) {
        return layout.text.kernelAt(layout.code, offset);
    }

    /** Starts (or restarts, for a replay) an instruction. */
    void beginInstruction() {
        if (replay != null) {
            replay.next = 0;
        }
        stop = null;
        readModifyWrite = false;
        locked = false;
        retry = false;
        lockGpa = -1;
    }

    /** The instruction retired: forget its MMIO results. */
    void endInstruction() {
        if (replay != null) {
            replay.answered = 0;
        }
    }

    /** The instruction is LOCK-prefixed or an XCHG with memory: its RAM update is atomic. */
    void setLocked(boolean locked) {
        this.locked = locked;
    }

    /** Deterministic mode: the engine granted this vCPU's turn for the next instruction. */
    void holdTurn(boolean held) {
        turnHeld = held;
    }

    /** Stores that changed RAM, counted from the first call of this on. */
    long changedStores() {
        watchStores = true;
        return changedStores;
    }

    /** A locked update lost a race with another vCPU: run the instruction again. */
    boolean retry() {
        return retry;
    }

    /** Ends the instruction's locked access, if any (after retiring, stopping or failing). */
    void unlock() {
        if (splitHeld) {
            splitHeld = false;
            layout.ram.splitLock.unlock();
        }
    }

    void completeMmio(long value) {
        replay.values[replay.answered++] = value;
    }

    /** The fault that stopped the instruction, after {@link Interpreter.Stop#FAULT}. */
    Fault fault() {
        return failure == null ? null : failure.kind();
    }

    String faultDetail() {
        return failure == null ? null : failure.detail();
    }

    long load(long gla, int size) {
        if (locked && ((gla & 7) + size) > 8) {
            takeSplitLock();         // a locked access over two aligned longs: no CAS covers it
        }
        long value = 0;
        int done = 0;
        while (done < size) {
            long at = gla + done;
            int chunk = (int) Math.min(size - done, AddressSpace.PAGE_SIZE - (at & 0xFFF));
            value |= (loadWithinPage(at, chunk) & Ghci.mask(chunk)) << (8 * done);
            done += chunk;
        }
        return value;
    }

    void store(long gla, int size, long value) {
        // All MMIO parts first, so a replayed instruction never writes RAM twice before a #VE.
        int done = 0;
        while (done < size) {
            long at = gla + done;
            int chunk = (int) Math.min(size - done, AddressSpace.PAGE_SIZE - (at & 0xFFF));
            long gpa = translateForData(at, true);
            if (!isRam(gpa)) {
                naturalMmio(at, gpa, chunk, true, value >>> (8 * done));
            } else if (needsTurn(gpa)) {
                suspend(Interpreter.Stop.TURN, at, gpa, chunk, true, 0);
            }
            done += chunk;
        }
        done = 0;
        while (done < size) {
            long at = gla + done;
            int chunk = (int) Math.min(size - done, AddressSpace.PAGE_SIZE - (at & 0xFFF));
            long gpa = translateForData(at, true);
            if (isRam(gpa)) {
                storeRam(gpa, chunk, value >>> (8 * done));
            }
            done += chunk;
        }
    }

    /**
     * The data access of an instruction whose data the interpreter does not model (VEX/EVEX
     * vector operands): each page of the operand is translated in order, and the first MMIO page
     * raises the #VE there, as the real access would. Emulation mode cannot carry a vector access
     * to a device, so it stops the instruction instead. Returns normally when all of it is RAM.
     */
    void touch(long gla, int size, boolean write) {
        int done = 0;
        while (done < size) {
            long at = gla + done;
            int chunk = (int) Math.min(size - done, AddressSpace.PAGE_SIZE - (at & 0xFFF));
            long gpa = translateForData(at, write);
            if (!isRam(gpa)) {
                if (layout.emulateMmio) {
                    fail(Fault.INVALID_OPCODE, String.format(
                            "a %d-byte vector access to MMIO at 0x%x is not emulated", size, at));
                }
                mmio(at, gpa, Math.min(Integer.highestOneBit(chunk), 8), write, 0);
            }
            done += chunk;
        }
    }

    /**
     * RAM contents without side effects, or empty if any byte is not (translatable) RAM. In
     * deterministic mode a byte other vCPUs can reach is read only inside this vCPU's memory turn:
     * outside it another vCPU's store could land before or after the read depending on threads.
     */
    java.util.OptionalLong peekRam(long gla, int size) {
        long value = 0;
        for (int i = 0; i < size; i++) {
            long gpa = layout.space.translate(gla + i, layout.userMode);
            if (gpa < 0 || !isRam(gpa)) {
                return java.util.OptionalLong.empty();
            }
            if (needsTurn(gpa)) {
                throw new IllegalStateException(String.format(
                        "read of shared RAM at 0x%x outside the vCPU's memory turn", gla + i));
            }
            value |= (layout.ram.load(gpa, 1) & 0xFF) << (8 * i);
        }
        return java.util.OptionalLong.of(value);
    }

    /** Deterministic mode: {@link #peekRam} of these bytes needs the memory turn first. */
    boolean peekNeedsTurn(long gla, int size) {
        for (int i = 0; i < size; i++) {
            long gpa = layout.space.translate(gla + i, layout.userMode);
            if (gpa >= 0 && isRam(gpa) && needsTurn(gpa)) {
                return true;
            }
        }
        return false;
    }

    /** Bytes at a linear address in program text, for instruction fetch; -1 if outside. */
    int codeOffset(long gla) {
        long off = gla - layout.codeBase;
        return off >= 0 && off < layout.code.length ? (int) off : -1;
    }

    private long loadWithinPage(long gla, int size) {
        int off = codeOffset(gla);
        if (off >= 0) {
            byte[] code = layout.code;
            long v = 0;
            for (int i = size - 1; i >= 0; i--) {
                v = (v << 8) | (off + i < code.length ? code[off + i] & 0xFF : 0);
            }
            return v;
        }
        long gpa = translateForData(gla, false);
        if (isRam(gpa)) {
            if (needsTurn(gpa)) {
                suspend(Interpreter.Stop.TURN, gla, gpa, size, false, 0);
            }
            return loadRam(gpa, size);
        }
        return naturalMmio(gla, gpa, size, false, 0);
    }

    /**
     * The part of an access that falls in an MMIO page, as the bus sees it: pieces of 1, 2, 4 or 8
     * bytes, naturally aligned (a 5-byte tail becomes 4 + 1). In #VE mode the first piece traps.
     */
    private long naturalMmio(long gla, long gpa, int size, boolean write, long data) {
        if (size == 1 || size == 2 || size == 4 || size == 8) {
            return mmio(gla, gpa, size, write, data);
        }
        long value = 0;
        int done = 0;
        while (done < size) {
            int piece = Integer.highestOneBit(size - done);
            while (((gpa + done) & (piece - 1)) != 0) {
                piece >>= 1;
            }
            long part = mmio(gla + done, gpa + done, piece, write, data >>> (8 * done));
            value |= (part & Ghci.mask(piece)) << (8 * done);
            done += piece;
        }
        return value;
    }

    /** Memory the access completes in: guest.ram, the stacks, or a private or shared page of the scenario's. */
    private boolean isRam(long gpa) {
        return layout.space.isRam(gpa) || layout.pages.isMemory(gpa);
    }

    private long translateForData(long gla, boolean write) {
        if (write && codeOffset(gla) >= 0) {
            fail(layout.userMode ? Fault.SIGSEGV : Fault.OOPS, String.format("write to read-only text at 0x%x", gla));
        }
        long gpa = layout.space.translate(gla, layout.userMode);
        if (gpa < 0) {
            fail(layout.userMode ? Fault.SIGSEGV : Fault.OOPS, String.format("page fault at 0x%x", gla));
        }
        return gpa;
    }

    private long mmio(long gla, long gpa, int size, boolean write, long data) {
        if (layout.emulateMmio) {
            if (layout.pages.isUnaccepted(gpa)) {
                // no TDVMCALL can complete a private access: the page must be accepted first
                fail(Fault.PANIC, String.format("EPT-violation #VE on private memory at GPA 0x%x (an unaccepted"
                        + " page): nothing can emulate it", gpa));
            }
            int k = nextOperation();
            if (k < replay.answered) {
                return replay.values[k];
            }
            suspend(Interpreter.Stop.MMIO, gla, gpa, size, write, data);
        }
        suspend(Interpreter.Stop.VE, gla, gpa, size, write, data);
        return 0;
    }

    /** Emulation mode: the index of the instruction's next device operation (replayed ones have results). */
    private int nextOperation() {
        int k = replay.next++;
        if (k >= MAX_OPS) {
            fail(Fault.INVALID_OPCODE, "instruction needs more than " + MAX_OPS + " MMIO operations");
        }
        return k;
    }

    /**
     * IN, OUT, INS, OUTS: the port access. In a TD it always takes a #VE (exit reason
     * IO_INSTRUCTION) before the instruction does anything; in emulation mode it becomes a port
     * operation the vCPU sends to the VMM, and the instruction is replayed with the result.
     */
    long port(int port, int size, boolean write, long data) {
        if (layout.emulateMmio) {
            int k = nextOperation();
            if (k < replay.answered) {
                return replay.values[k];
            }
        }
        stop = layout.emulateMmio ? Interpreter.Stop.MMIO : Interpreter.Stop.VE;
        stopGla = 0;
        stopGpa = port;
        stopSize = size;
        stopWrite = write;
        stopReadModifyWrite = false;
        stopData = data & Ghci.mask(size);
        stopPort = true;
        throw Stop.INSTANCE;
    }

    /** Emulation mode carries port accesses to the VMM itself; in a TD they trap first. */
    boolean emulating() {
        return layout.emulateMmio;
    }

    void suspend(Interpreter.Stop why, long gla, long gpa, int size, boolean write, long data) {
        stopPort = false;
        stop = why;
        stopGla = gla;
        stopGpa = layout.pages.isUnaccepted(gpa) ? gpa : gpa | layout.sharedBit;     // the page's attribute, as the TDX module reports it
        stopSize = size;
        stopWrite = write;
        stopReadModifyWrite = readModifyWrite && !write;
        stopData = data & Ghci.mask(size);
        throw Stop.INSTANCE;
    }

    void fail(Fault kind, String detail) {
        stop = Interpreter.Stop.FAULT;
        failure = new Failure(kind, detail);
        throw Stop.INSTANCE;
    }

    /** Deterministic mode: RAM at {@code gpa} is reached only in a memory turn, but for the vCPU's own stack. */
    private boolean needsTurn(long gpa) {
        return layout.turns && !turnHeld && !AddressSpace.inStackOf(vcpu, gpa);
    }

    private void takeSplitLock() {
        if (!splitHeld) {
            layout.ram.splitLock.lock();
            splitHeld = true;
        }
    }

    /** A load within one page of RAM. */
    private long loadRam(long gpa, int size) {
        TdMemory ram = layout.ram;
        if (!locked || splitHeld) {
            return ram.load(gpa, size);
        }
        VarHandle.fullFence();
        lockGpa = gpa & ~7L;
        lockWord = ram.volatileLong(gpa);
        return (lockWord >>> (8 * (gpa & 7))) & Ghci.mask(size);
    }

    /** A store within one page of RAM; a locked one fails over to a retry when it lost a race. */
    private void storeRam(long gpa, int size, long value) {
        TdMemory ram = layout.ram;
        if (!locked || splitHeld || (gpa & ~7L) != lockGpa) {
            if (watchStores && ram.load(gpa, size) != (value & Ghci.mask(size))) {
                changedStores++;
            }
            ram.store(gpa, size, value);
            return;
        }
        int shift = (int) (8 * (gpa & 7));
        long m = Ghci.mask(size) << shift;
        long word = (lockWord & ~m) | ((value << shift) & m);
        if (watchStores && word != lockWord) {
            changedStores++;
        }
        if (!ram.compareAndSet(gpa, lockWord, word)) {
            retry = true;
            throw Stop.INSTANCE;
        }
        VarHandle.fullFence();
    }
}
