package io.tdxsim.vcpu.decode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The instructions the interpreter executes, one row per encoding: where it sits in the opcode
 * maps, which ModRM digit or byte selects it, what it does ({@link Op}) and whether its memory
 * form is a read-modify-write the LOCK prefix may make atomic. A decoded instruction finds its row
 * ({@link Insn#row()}), the interpreter dispatches on the row's {@link Op},
 * {@link ReadModifyWrite} answers from its flags, and
 * {@link InstructionReference} prints the table as docs/instruction-set.md. Operand shapes
 * (ModRM, immediates) for every opcode, executed or not, are {@link OpcodeTable}'s.
 */
public final class InstructionTable {

    /** The memory form loads its operand and stores a result back (the EPT write bit is set). */
    public static final int RMW = 1;
    /** LOCK is allowed on the memory form. */
    public static final int LOCKABLE = 1 << 1;
    /** Only with ModRM.mod = 3 (a register operand). */
    public static final int REG_ONLY = 1 << 2;
    /** Only with a memory operand. */
    public static final int MEM_ONLY = 1 << 3;
    /** Only with an F3 prefix (rows of the same opcode without it come after). */
    public static final int F3 = 1 << 4;

    /**
     * @param digit ModRM.reg (0..7), or -1 for any
     * @param modrm the whole ModRM byte, or -1 for any
     * @param forms the operand forms, as the reference prints them
     */
    public record Row(Op op, String mnemonic, int map, int low, int high, int digit, int modrm, int flags,
                      String forms) {
        boolean matches(Insn insn) {
            if (insn.map != map || insn.opcode < low || insn.opcode > high) {
                return false;
            }
            boolean reg = insn.hasModrm && insn.mod == 3;
            return (digit < 0 || (insn.reg & 7) == digit)
                    && (modrm < 0 || (insn.mod << 6 | (insn.reg & 7) << 3 | (insn.rm & 7)) == modrm)
                    && ((flags & REG_ONLY) == 0 || reg) && ((flags & MEM_ONLY) == 0 || insn.hasMemoryOperand())
                    && ((flags & F3) == 0 || insn.has(Insn.P_REP));
        }

        public boolean has(int flag) {
            return (flags & flag) != 0;
        }

        /** The opcode bytes of this row's first opcode plus {@code plus} (a w bit, a register, a condition). */
        public int[] opcode(int plus) {
            return map == Insn.MAP_0F ? new int[] {0x0F, low + plus} : new int[] {low + plus};
        }
    }

    static final String[] ALU = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};
    static final String[] SHIFTS = {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"};
    static final String[] GROUP3 = {"test", "test", "not", "neg", "mul", "imul", "div", "idiv"};
    static final Op[] GROUP3_OPS = {Op.TEST_RM_IMM, Op.TEST_RM_IMM, Op.NOT, Op.NEG, Op.MUL, Op.IMUL_ONE, Op.DIV, Op.IDIV};
    static final String[] BITS = {"bt", "bts", "btr", "btc"};
    static final Op[] BIT_OPS = {Op.BT, Op.BTS, Op.BTR, Op.BTC};

    private static final List<Row> ROWS = new ArrayList<>();
    /** Rows per map (one-byte, 0F) and opcode, in table order. */
    private static final Row[][][] BY_OPCODE = new Row[2][256][];

    static {
        for (int i = 0; i < 8; i++) {
            int rmw = i == 7 ? 0 : RMW | LOCKABLE;
            one(Op.ALU_RM_REG, ALU[i], i * 8, i * 8 + 1, -1, rmw, "r/m, r");
            one(Op.ALU_REG_RM, ALU[i], i * 8 + 2, i * 8 + 3, -1, 0, "r, r/m");
            one(Op.ALU_ACC_IMM, ALU[i], i * 8 + 4, i * 8 + 5, -1, 0, "al/ax/eax/rax, imm");
            one(Op.ALU_RM_IMM, ALU[i], 0x80, 0x81, i, rmw, "r/m, imm");
            one(Op.ALU_RM_IMM, ALU[i], 0x83, 0x83, i, rmw, "r/m, imm8 (sign-extended)");
        }
        for (int i = 0; i < 8; i++) {
            one(Op.SHIFT, SHIFTS[i], 0xC0, 0xC1, i, RMW, "r/m, imm8");
            one(Op.SHIFT, SHIFTS[i], 0xD0, 0xD1, i, RMW, "r/m, 1");
            one(Op.SHIFT, SHIFTS[i], 0xD2, 0xD3, i, RMW, "r/m, cl");
        }
        for (int i = 0; i < 8; i++) {
            int rmw = i == 2 || i == 3 ? RMW | LOCKABLE : 0;
            one(GROUP3_OPS[i], GROUP3[i], 0xF6, 0xF7, i, rmw, i <= 1 ? "r/m, imm" : "r/m");
        }
        one(Op.INC, "inc", 0xFE, 0xFF, 0, RMW | LOCKABLE, "r/m");
        one(Op.DEC, "dec", 0xFE, 0xFF, 1, RMW | LOCKABLE, "r/m");
        one(Op.CALL_RM, "call", 0xFF, 0xFF, 2, 0, "r/m64 (indirect)");
        one(Op.JMP_RM, "jmp", 0xFF, 0xFF, 4, 0, "r/m64 (indirect)");
        one(Op.PUSH_RM, "push", 0xFF, 0xFF, 6, 0, "r/m64");
        one(Op.POP_RM, "pop", 0x8F, 0x8F, 0, 0, "r/m64");
        one(Op.TEST_RM_REG, "test", 0x84, 0x85, -1, 0, "r/m, r");
        one(Op.TEST_ACC_IMM, "test", 0xA8, 0xA9, -1, 0, "al/ax/eax/rax, imm");
        one(Op.IMUL_REG_RM_IMM, "imul", 0x69, 0x69, -1, 0, "r, r/m, imm");
        one(Op.IMUL_REG_RM_IMM, "imul", 0x6B, 0x6B, -1, 0, "r, r/m, imm8");
        two(Op.IMUL_REG_RM, "imul", 0xAF, 0xAF, -1, 0, "r, r/m");
        two(Op.SHIFT_DOUBLE, "shld", 0xA4, 0xA5, -1, RMW, "r/m, r, imm8 / cl");
        two(Op.SHIFT_DOUBLE, "shrd", 0xAC, 0xAD, -1, RMW, "r/m, r, imm8 / cl");
        for (int i = 0; i < 4; i++) {
            two(BIT_OPS[i], BITS[i], 0xA3 + 8 * i, 0xA3 + 8 * i, -1, i == 0 ? 0 : RMW | LOCKABLE, "r/m, r");
        }
        for (int i = 0; i < 4; i++) {
            two(Op.BT_IMM, BITS[i], 0xBA, 0xBA, 4 + i, i == 0 ? 0 : RMW | LOCKABLE, "r/m, imm8");
        }
        two(Op.TZCNT, "tzcnt", 0xBC, 0xBC, -1, F3, "r, r/m (F3; gcc's rep bsf)");
        two(Op.BSF, "bsf", 0xBC, 0xBC, -1, 0, "r, r/m");
        two(Op.BSR, "bsr", 0xBD, 0xBD, -1, 0, "r, r/m");
        two(Op.BSWAP, "bswap", 0xC8, 0xCF, -1, 0, "r32/r64 (C8+r)");
        one(Op.MOV_RM_REG, "mov", 0x88, 0x89, -1, 0, "r/m, r");
        one(Op.MOV_REG_RM, "mov", 0x8A, 0x8B, -1, 0, "r, r/m");
        one(Op.MOV_RM_IMM, "mov", 0xC6, 0xC7, 0, 0, "r/m, imm");
        one(Op.MOV_REG_IMM8, "mov", 0xB0, 0xB7, -1, 0, "r8, imm8 (B0+r)");
        one(Op.MOV_REG_IMM, "mov / movabs", 0xB8, 0xBF, -1, 0, "r, imm (B8+r; imm64 with REX.W)");
        one(Op.MOV_ACC_MOFFS, "movabs", 0xA0, 0xA1, -1, 0, "al/ax/eax/rax, moffs");
        one(Op.MOV_MOFFS_ACC, "movabs", 0xA2, 0xA3, -1, 0, "moffs, al/ax/eax/rax");
        two(Op.MOVZX, "movzx", 0xB6, 0xB7, -1, 0, "r, r/m8 / r/m16");
        two(Op.MOVSX, "movsx", 0xBE, 0xBF, -1, 0, "r, r/m8 / r/m16");
        one(Op.MOVSXD, "movsxd", 0x63, 0x63, -1, 0, "r64, r/m32");
        one(Op.LEA, "lea", 0x8D, 0x8D, -1, MEM_ONLY, "r, m (any addressing form)");
        one(Op.CBW, "cbw / cwde / cdqe", 0x98, 0x98, -1, 0, "by operand size");
        one(Op.CWD, "cwd / cdq / cqo", 0x99, 0x99, -1, 0, "by operand size");
        two(Op.SETCC, "setcc", 0x90, 0x9F, -1, 0, "r/m8 (all 16 conditions)");
        two(Op.CMOVCC, "cmovcc", 0x40, 0x4F, -1, 0, "r, r/m (all 16 conditions)");
        one(Op.XCHG_RM_REG, "xchg", 0x86, 0x87, -1, RMW | LOCKABLE, "r/m, r (locked with memory)");
        one(Op.XCHG_ACC, "xchg", 0x91, 0x97, -1, 0, "rax, r (90+r)");
        two(Op.CMPXCHG, "cmpxchg", 0xB0, 0xB1, -1, RMW | LOCKABLE, "r/m, r");
        two(Op.XADD, "xadd", 0xC0, 0xC1, -1, RMW | LOCKABLE, "r/m, r");
        two(Op.RDPID, "rdpid", 0xC7, 0xC7, 7, REG_ONLY | F3, "r64 (TSC_AUX: the vCPU index)");
        two(Op.UNSUPPORTED, "cmpxchg8b / cmpxchg16b", 0xC7, 0xC7, 1, RMW | LOCKABLE | MEM_ONLY, "m64 / m128");
        one(Op.PUSH_REG, "push", 0x50, 0x57, -1, 0, "r64 (50+r)");
        one(Op.POP_REG, "pop", 0x58, 0x5F, -1, 0, "r64 (58+r)");
        one(Op.PUSH_IMM, "push", 0x68, 0x68, -1, 0, "imm32 (sign-extended)");
        one(Op.PUSH_IMM, "push", 0x6A, 0x6A, -1, 0, "imm8 (sign-extended)");
        one(Op.CALL_REL, "call", 0xE8, 0xE8, -1, 0, "rel32");
        one(Op.RET, "ret", 0xC3, 0xC3, -1, 0, "");
        one(Op.RET_IMM, "ret", 0xC2, 0xC2, -1, 0, "imm16");
        one(Op.LEAVE, "leave", 0xC9, 0xC9, -1, 0, "");
        one(Op.JMP_REL, "jmp", 0xE9, 0xE9, -1, 0, "rel32");
        one(Op.JMP_REL, "jmp", 0xEB, 0xEB, -1, 0, "rel8");
        one(Op.JCC, "jcc", 0x70, 0x7F, -1, 0, "rel8 (all 16 conditions)");
        two(Op.JCC, "jcc", 0x80, 0x8F, -1, 0, "rel32 (all 16 conditions)");
        one(Op.LOOP, "loop", 0xE2, 0xE2, -1, 0, "rel8");
        one(Op.PORT_IO, "in", 0xE4, 0xE5, -1, 0, "al/ax/eax, imm8 (a #VE with exit reason 30)");
        one(Op.PORT_IO, "out", 0xE6, 0xE7, -1, 0, "imm8, al/ax/eax");
        one(Op.PORT_IO, "in", 0xEC, 0xED, -1, 0, "al/ax/eax, dx");
        one(Op.PORT_IO, "out", 0xEE, 0xEF, -1, 0, "dx, al/ax/eax");
        one(Op.PORT_IO, "insb / insw / insd", 0x6C, 0x6D, -1, 0, "rep allowed");
        one(Op.PORT_IO, "outsb / outsw / outsd", 0x6E, 0x6F, -1, 0, "rep allowed");
        one(Op.MOVS, "movsb / movsw / movsd / movsq", 0xA4, 0xA5, -1, 0, "rep allowed; RAM and MMIO");
        one(Op.STOS, "stosb / stosw / stosd / stosq", 0xAA, 0xAB, -1, 0, "rep allowed; RAM and MMIO");
        one(Op.NOP, "nop / pause", 0x90, 0x90, -1, 0, "pause is F3 90 (a spin-wait hint: 40 instructions)");
        two(Op.HINT_NOP, "nop / endbr64 / prefetch", 0x18, 0x1F, -1, 0, "r/m (multi-byte nop; endbr64 is F3 0F 1E FA)");
        two(Op.FENCE, "lfence", 0xAE, 0xAE, 5, REG_ONLY, "");
        two(Op.FENCE, "mfence", 0xAE, 0xAE, 6, REG_ONLY, "");
        two(Op.FENCE, "sfence", 0xAE, 0xAE, 7, REG_ONLY, "");
        one(Op.HLT, "hlt", 0xF4, 0xF4, -1, 0, "IF clear: ends the vCPU; IF set: a #VE, the handler's"
                + " TDVMCALL<Instruction.HLT> sleeps until an interrupt");
        one(Op.CLI, "cli", 0xFA, 0xFA, -1, 0, "clears IF (#GP, SIGSEGV, in user mode)");
        one(Op.STI, "sti", 0xFB, 0xFB, -1, 0, "sets IF; an interrupt waits until the next instruction ran");
        one(Op.PUSHF, "pushfq", 0x9C, 0x9C, -1, 0, "");
        one(Op.POPF, "popfq", 0x9D, 0x9D, -1, 0, "CF PF AF ZF SF IF DF OF AC ID (IF kept in user mode)");
        one(Op.IRETQ, "iretq", 0xCF, 0xCF, -1, 0, "REX.W: pops RIP, CS, RFLAGS, RSP, SS (to ring 0)");
        two(Op.LIDT, "lidt", 0x01, 0x01, 3, MEM_ONLY, "m (2-byte limit, 8-byte base of 16-byte gates)");
        two(Op.WRMSR, "wrmsr", 0x30, 0x30, -1, 0, "ECX = 0x80B only: the x2APIC EOI, no #VE in a TD");
        rows(Op.TDCALL, "tdcall", Insn.MAP_0F, 0x01, 0x01, -1, 0xCC, 0,
                "66 0F 01 CC: TDG.VP.VMCALL<Instruction.HLT> only (R11 = 12, R12 = interrupts blocked)");
        two(Op.UD2, "ud2", 0x0B, 0x0B, -1, 0, "raises #UD (INVALID_OPCODE)");
        two(Op.CPUID, "cpuid", 0xA2, 0xA2, -1, 0, "leaves 0, 1 (APIC ID in EBX[31:24]), 0xb (x2APIC ID in EDX)");
        two(Op.RDTSC, "rdtsc", 0x31, 0x31, -1, 0, "the vCPU's virtual time in ns (a 1 GHz TSC)");
        rows(Op.RDTSCP, "rdtscp", 1, 0x01, 0x01, -1, 0xF9, 0, "as rdtsc, ECX = TSC_AUX (the vCPU index)");
        for (Row r : ROWS) {
            for (int op = r.low(); op <= r.high(); op++) {
                Row[] at = BY_OPCODE[r.map()][op];
                Row[] grown = at == null ? new Row[1] : java.util.Arrays.copyOf(at, at.length + 1);
                grown[grown.length - 1] = r;
                BY_OPCODE[r.map()][op] = grown;
            }
        }
    }

    private InstructionTable() {
    }

    private static void one(Op op, String mnemonic, int low, int high, int digit, int flags, String forms) {
        rows(op, mnemonic, Insn.MAP_ONE_BYTE, low, high, digit, -1, flags, forms);
    }

    private static void two(Op op, String mnemonic, int low, int high, int digit, int flags, String forms) {
        rows(op, mnemonic, Insn.MAP_0F, low, high, digit, -1, flags, forms);
    }

    private static void rows(Op op, String mnemonic, int map, int low, int high, int digit, int modrm, int flags,
                             String forms) {
        ROWS.add(new Row(op, mnemonic, map, low, high, digit, modrm, flags, forms));
    }

    /** The row of a decoded (non-VEX) instruction, or null when the interpreter does not execute it. */
    public static Row lookup(Insn insn) {
        if (!insn.valid || insn.vex || insn.strayPrefix || insn.map > Insn.MAP_0F) {
            return null;
        }
        Row[] candidates = BY_OPCODE[insn.map][insn.opcode];
        if (candidates != null) {
            for (Row r : candidates) {
                if (r.matches(insn)) {
                    return r;
                }
            }
        }
        return null;
    }

    /** Every row, in table order. */
    public static List<Row> rows() {
        return Collections.unmodifiableList(ROWS);
    }

    /**
     * The row an encoder takes its opcode from: the first for {@code op} that has {@code mnemonic}
     * among its spellings (null: any) and exactly these {@code forms} (null: any).
     */
    public static Row encoding(Op op, String mnemonic, String forms) {
        for (Row r : ROWS) {
            if (r.op() == op && (mnemonic == null || java.util.List.of(r.mnemonic().split(" / ")).contains(mnemonic))
                    && (forms == null || r.forms().equals(forms))) {
                return r;
            }
        }
        throw new IllegalArgumentException("no row for " + op + " " + mnemonic + " " + forms);
    }

    /** {@link #encoding(Op, String, String)} of the only or first row of {@code op}. */
    public static Row encoding(Op op) {
        return encoding(op, null, null);
    }
}
