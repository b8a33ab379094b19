package io.tdxsim.vcpu.decode;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Seeded random x86-64 instructions: the MMIO forms the Linux handler classifies, with every
 * register, prefix and addressing form, and a spread of common instructions it must reject.
 * Same seed, same sequence.
 *
 * <p>Never generated: a REX prefix followed by a legacy prefix, or two REX prefixes. The CPU
 * ignores such a REX, but objdump prints it as an instruction of its own ("rex.W"), so the two
 * tools would disagree on where the instruction starts rather than on its length.
 */
final class InstructionGenerator {

    record Generated(String family, byte[] bytes) { }

    private static final int[] SEGMENTS = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65};

    private final Random rnd;
    private final List<String> names = new ArrayList<>();
    private final List<Consumer<Out>> emitters = new ArrayList<>();

    InstructionGenerator(long seed) {
        rnd = new Random(seed);
        // MMIO forms, weighted up: they are what the handler must get exactly right
        add("mov", 20, this::mov);
        add("mov-imm", 10, this::movImm);
        add("movzx/movsx", 10, this::movExtend);
        add("movs", 4, this::movs);
        add("moffs", 3, this::moffs);
        add("tsx", 1, this::tsx);
        add("alu", 6, this::alu);
        add("group1", 4, this::group1);
        add("test/xchg", 3, this::testXchg);
        add("group3", 3, this::group3);
        add("inc/dec/call/jmp/push", 3, this::group45);
        add("movsxd", 2, this::movsxd);
        add("imul", 2, this::imul);
        add("shift", 3, this::shift);
        add("cmpxchg", 2, this::cmpxchg);
        add("sse", 4, this::sse);
        add("vex", 4, this::vex);
        add("branch", 3, this::branch);
        add("push/pop", 2, this::pushPop);
        add("nop", 2, this::nop);
        add("lea", 2, this::lea);
        add("cmov", 2, this::cmov);
        add("setcc", 2, this::setcc);
        add("bt", 2, this::bt);
        add("mov-cr/dr", 1, this::movControl);
        add("mov-reg-imm", 1, this::movRegImm);
    }

    private void add(String name, int weight, Consumer<Out> emitter) {
        for (int i = 0; i < weight; i++) {
            names.add(name);
            emitters.add(emitter);
        }
    }

    Generated next() {
        int pick = rnd.nextInt(emitters.size());
        Out out = new Out();
        emitters.get(pick).accept(out);
        return new Generated(names.get(pick), out.toByteArray());
    }

    // ---- families ----------------------------------------------------------------------------

    private void mov(Out o) {
        legacy(o, maybe(4, 0x66), maybe(6, 0x67), segment());
        o.rex(rex());
        o.add(pick(0x88, 0x89, 0x8A, 0x8B));
        modrm(o, rnd.nextInt(8), true);
    }

    private void movImm(Out o) {
        int opsize = maybe(3, 0x66);
        int rex = rex();
        int op = pick(0xC6, 0xC7);
        legacy(o, opsize, maybe(6, 0x67), segment());
        o.rex(rex);
        o.add(op);
        modrm(o, 0, true);
        imm(o, op == 0xC6 ? 1 : izSize(opsize, rex));
    }

    /** XABORT / XBEGIN: C6/C7 with ModRM F8, the register forms of the MOV-immediate opcodes. */
    private void tsx(Out o) {
        if (rnd.nextBoolean()) {
            o.add(0xC6).add(0xF8);
            imm(o, 1);
        } else {
            o.add(0xC7).add(0xF8);
            imm(o, 4);
        }
    }

    private void movExtend(Out o) {
        legacy(o, maybe(4, 0x66), maybe(6, 0x67), segment());
        o.rex(rex());
        o.add(0x0F).add(pick(0xB6, 0xB7, 0xBE, 0xBF));
        modrm(o, rnd.nextInt(8), true);
    }

    private void movs(Out o) {
        legacy(o, maybe(2, pick(0xF3, 0xF3, 0xF2)), maybe(3, 0x66), maybe(6, 0x67), maybe(8, pick(0x64, 0x65)));
        o.rex(rnd.nextBoolean() ? 0x48 : rex());
        o.add(pick(0xA4, 0xA5));
    }

    private void moffs(Out o) {
        int addrsize = maybe(3, 0x67);
        legacy(o, maybe(4, 0x66), addrsize, segment());
        o.rex(rex());
        o.add(0xA0 + rnd.nextInt(4));
        o.bytes(addrsize != 0 ? 4 : 8, rnd);
    }

    private void alu(Out o) {
        int op = 8 * rnd.nextInt(8) + rnd.nextInt(6);
        int opsize = maybe(4, 0x66);
        int rex = rex();
        boolean lock = (op & 7) <= 1 && (op >>> 3) != 7 && rnd.nextInt(5) == 0;
        legacy(o, opsize, lock ? 0xF0 : 0);
        o.rex(rex);
        o.add(op);
        switch (op & 7) {
            case 4 -> imm(o, 1);
            case 5 -> imm(o, izSize(opsize, rex));
            default -> modrm(o, rnd.nextInt(8), !lock);
        }
    }

    private void group1(Out o) {
        int opsize = maybe(4, 0x66);
        int rex = rex();
        int op = pick(0x80, 0x81, 0x83);
        legacy(o, opsize, maybe(6, 0x67));
        o.rex(rex);
        o.add(op);
        modrm(o, rnd.nextInt(8), true);
        imm(o, op == 0x81 ? izSize(opsize, rex) : 1);
    }

    private void testXchg(Out o) {
        legacy(o, maybe(4, 0x66));
        o.rex(rex());
        o.add(0x84 + rnd.nextInt(4));
        modrm(o, rnd.nextInt(8), true);
    }

    private void group3(Out o) {
        int opsize = maybe(4, 0x66);
        int rex = rex();
        int op = pick(0xF6, 0xF7);
        int reg = rnd.nextInt(8);
        legacy(o, opsize);
        o.rex(rex);
        o.add(op);
        modrm(o, reg, true);
        if (reg <= 1) {
            imm(o, op == 0xF6 ? 1 : izSize(opsize, rex));
        }
    }

    /** FE /0-1 and FF /0-6; far CALL/JMP (FF /3, /5) need a memory operand. */
    private void group45(Out o) {
        legacy(o, maybe(5, 0x66));
        o.rex(rex());
        if (rnd.nextInt(3) == 0) {
            o.add(0xFE);
            modrm(o, rnd.nextInt(2), true);
        } else {
            int reg = rnd.nextInt(7);
            o.add(0xFF);
            modrm(o, reg, reg != 3 && reg != 5);
        }
    }

    private void movsxd(Out o) {
        o.rex(rnd.nextInt(4) == 0 ? rex() : 0x48 | rnd.nextInt(8));
        o.add(0x63);
        modrm(o, rnd.nextInt(8), true);
    }

    private void imul(Out o) {
        int opsize = maybe(4, 0x66);
        int rex = rex();
        legacy(o, opsize);
        o.rex(rex);
        switch (rnd.nextInt(3)) {
            case 0 -> {
                o.add(0x69);
                modrm(o, rnd.nextInt(8), true);
                imm(o, izSize(opsize, rex));
            }
            case 1 -> {
                o.add(0x6B);
                modrm(o, rnd.nextInt(8), true);
                imm(o, 1);
            }
            default -> {
                o.add(0x0F).add(0xAF);
                modrm(o, rnd.nextInt(8), true);
            }
        }
    }

    private void shift(Out o) {
        legacy(o, maybe(4, 0x66));
        o.rex(rex());
        int op = pick(0xC0, 0xC1, 0xD0, 0xD1, 0xD2, 0xD3);
        o.add(op);
        modrm(o, rnd.nextInt(8), true);
        if (op <= 0xC1) {
            imm(o, 1);
        }
    }

    private void cmpxchg(Out o) {
        boolean lock = rnd.nextBoolean();
        legacy(o, lock ? 0xF0 : 0, maybe(4, 0x66));
        o.rex(rex());
        o.add(0x0F).add(pick(0xB0, 0xB1));
        modrm(o, rnd.nextInt(8), !lock);
    }

    private void sse(Out o) {
        int op = pick(0x10, 0x11, 0x28, 0x29, 0x6F, 0x7F);
        int mandatory = switch (op) {
            case 0x10, 0x11 -> pick(0, 0x66, 0xF2, 0xF3);
            case 0x28, 0x29 -> pick(0, 0x66);
            default -> pick(0, 0x66, 0xF3);
        };
        legacy(o, mandatory, maybe(6, 0x67));
        o.rex(rex());
        o.add(0x0F).add(op);
        modrm(o, rnd.nextInt(8), true);
    }

    /** A VEX form: opcode map, opcode, allowed pp values, and its operand constraints. */
    private record VexForm(int map, int opcode, int[] pp, boolean nds, boolean imm8, int w, int l) { }

    private static final VexForm[] VEX_FORMS = {
        new VexForm(1, 0x10, new int[] {0, 1, 2, 3}, false, false, -1, -1),  // vmovups/pd/ss/sd
        new VexForm(1, 0x11, new int[] {0, 1, 2, 3}, false, false, -1, -1),
        new VexForm(1, 0x28, new int[] {0, 1}, false, false, -1, -1),        // vmovaps/pd
        new VexForm(1, 0x29, new int[] {0, 1}, false, false, -1, -1),
        new VexForm(1, 0x6F, new int[] {1, 2}, false, false, -1, -1),        // vmovdqa/u
        new VexForm(1, 0x7F, new int[] {1, 2}, false, false, -1, -1),
        new VexForm(1, 0x70, new int[] {1, 2, 3}, false, true, -1, -1),      // vpshufd/hw/lw
        new VexForm(1, 0xC2, new int[] {0, 1, 2, 3}, true, true, -1, -1),    // vcmpps/pd/ss/sd
        new VexForm(1, 0xC6, new int[] {0, 1}, true, true, -1, -1),          // vshufps/pd
        new VexForm(2, 0x00, new int[] {1}, true, false, 0, -1),             // vpshufb
        new VexForm(2, 0x18, new int[] {1}, false, false, 0, -1),            // vbroadcastss
        new VexForm(3, 0x0F, new int[] {1}, true, true, 0, -1),              // vpalignr
        new VexForm(3, 0x00, new int[] {1}, false, true, 1, 1),              // vpermq
        new VexForm(3, 0x18, new int[] {1}, true, true, 0, 1),               // vinsertf128
    };

    private void vex(Out o) {
        if (rnd.nextInt(4) == 0) {
            evexCompressExpand(o);
            return;
        }
        if (rnd.nextInt(10) == 0) {
            o.add(0xC5).add(rnd.nextBoolean() ? 0xF8 : 0xFC).add(0x77);   // vzeroupper / vzeroall
            return;
        }
        VexForm f = VEX_FORMS[rnd.nextInt(VEX_FORMS.length)];
        int pp = f.pp()[rnd.nextInt(f.pp().length)];
        int vvvv = f.nds() ? rnd.nextInt(16) : 0xF;                    // stored inverted; 1111 = unused
        int l = f.l() >= 0 ? f.l() : rnd.nextInt(2);
        int w = f.w() >= 0 ? f.w() : rnd.nextInt(2);
        int tail = (vvvv << 3) | (l << 2) | pp;
        if (f.map() == 1 && rnd.nextBoolean()) {
            o.add(0xC5).add((rnd.nextInt(2) << 7) | tail);
        } else {
            o.add(0xC4).add((rnd.nextInt(8) << 5) | f.map()).add((w << 7) | tail);
        }
        o.add(f.opcode());
        modrm(o, rnd.nextInt(8), f.opcode() != 0x18);
        if (f.imm8()) {
            imm(o, 1);
        }
    }

    /**
     * EVEX.66.0F38 88/89/8A/8B (vexpandps/pd, vpexpandd/q, vcompressps/pd, vpcompressd/q) to or
     * from memory, no mask: opcodes the kernel classifies as MOV. Registers xmm0-15 only (EVEX.R'
     * set), since the kernel's view of a 17th register is not modelled.
     */
    private void evexCompressExpand(Out o) {
        int rxb = rnd.nextInt(8);
        int w = rnd.nextInt(2);
        int ll = rnd.nextInt(3);
        o.add(0x62).add((rxb << 5) | 0x10 | 0x02).add((w << 7) | 0x7C | 0x01).add((ll << 5) | 0x08);
        o.add(0x88 + rnd.nextInt(4));
        modrm(o, rnd.nextInt(8), false);
    }

    private void branch(Out o) {
        switch (rnd.nextInt(4)) {
            case 0 -> o.add(0x70 + rnd.nextInt(16)).bytes(1, rnd);
            case 1 -> {
                legacy(o, maybe(4, 0x66));
                o.add(0x0F).add(0x80 + rnd.nextInt(16)).bytes(4, rnd);
            }
            case 2 -> {
                legacy(o, maybe(4, 0x66));
                o.add(pick(0xE8, 0xE9)).bytes(4, rnd);
            }
            default -> o.add(0xEB).bytes(1, rnd);
        }
    }

    private void pushPop(Out o) {
        switch (rnd.nextInt(5)) {
            case 0 -> {
                legacy(o, maybe(4, 0x66));
                o.rex(maybe(2, 0x41));
                o.add(0x50 + rnd.nextInt(16));
            }
            case 1 -> o.add(0x6A).bytes(1, rnd);
            case 2 -> {
                int opsize = maybe(4, 0x66);
                legacy(o, opsize);
                o.add(0x68);
                imm(o, opsize != 0 ? 2 : 4);
            }
            case 3 -> {
                o.rex(rex() & ~8);
                o.add(0xFF);
                modrm(o, 6, false);
            }
            default -> {
                o.rex(rex() & ~8);
                o.add(0x8F);
                modrm(o, 0, true);
            }
        }
    }

    private void nop(Out o) {
        switch (rnd.nextInt(4)) {
            case 0 -> o.add(0x90);
            case 1 -> o.add(0xF3).add(0x90);
            default -> {
                legacy(o, maybe(3, 0x66), maybe(4, 0x2E));
                o.add(0x0F).add(0x1F);
                modrm(o, 0, true);
            }
        }
    }

    private void lea(Out o) {
        legacy(o, maybe(4, 0x66), maybe(4, 0x67));
        o.rex(rex());
        o.add(0x8D);
        modrm(o, rnd.nextInt(8), false);
    }

    private void cmov(Out o) {
        legacy(o, maybe(4, 0x66));
        o.rex(rex());
        o.add(0x0F).add(0x40 + rnd.nextInt(16));
        modrm(o, rnd.nextInt(8), true);
    }

    private void setcc(Out o) {
        o.rex(rex());
        o.add(0x0F).add(0x90 + rnd.nextInt(16));
        modrm(o, 0, true);
    }

    private void bt(Out o) {
        legacy(o, maybe(4, 0x66));
        o.rex(rex());
        if (rnd.nextBoolean()) {
            o.add(0x0F).add(pick(0xA3, 0xAB, 0xB3, 0xBB));
            modrm(o, rnd.nextInt(8), true);
        } else {
            o.add(0x0F).add(0xBA);
            modrm(o, 4 + rnd.nextInt(4), true);
            imm(o, 1);
        }
    }

    /** MOV to/from CR0/2/3/4 and DR0-7: the CPU reads ModRM as register-only whatever mod says. */
    private void movControl(Out o) {
        int op = 0x20 + rnd.nextInt(4);
        int reg = (op & 1) == 0 ? pick(0, 2, 3, 4) : rnd.nextInt(8);
        o.add(0x0F).add(op).add((rnd.nextInt(4) << 6) | (reg << 3) | rnd.nextInt(8));
    }

    private void movRegImm(Out o) {
        if (rnd.nextBoolean()) {
            o.rex(rex());
            o.add(0xB0 + rnd.nextInt(8));
            imm(o, 1);
        } else {
            int opsize = maybe(4, 0x66);
            int rex = rex();
            legacy(o, opsize);
            o.rex(rex);
            o.add(0xB8 + rnd.nextInt(8));
            imm(o, (rex & 8) != 0 ? 8 : opsize != 0 ? 2 : 4);
        }
    }

    // ---- operands ----------------------------------------------------------------------------

    /**
     * ModRM with {@code reg}, and SIB and displacement as the form needs. Memory forms are biased
     * towards rm=100 (SIB) and rm=101 (RIP-relative at mod 0, RBP/R13 base otherwise).
     */
    private void modrm(Out o, int reg, boolean registerAllowed) {
        int mod = registerAllowed && rnd.nextInt(6) == 0 ? 3 : rnd.nextInt(3);
        int r = rnd.nextInt(12);
        int rm = r < 8 ? r : r < 10 ? 4 : 5;
        o.add((mod << 6) | ((reg & 7) << 3) | rm);
        if (mod == 3) {
            return;
        }
        int disp = mod == 1 ? 1 : mod == 2 ? 4 : 0;
        if (rm == 4) {
            int sib = rnd.nextInt(256);
            o.add(sib);
            if ((sib & 7) == 5 && mod == 0) {
                disp = 4;                       // no base: disp32 only
            }
        } else if (rm == 5 && mod == 0) {
            disp = 4;                           // RIP-relative
        }
        o.bytes(disp, rnd);
    }

    /** Immediate bytes, biased towards values whose sign bit or zero-ness matters. */
    private void imm(Out o, int size) {
        switch (rnd.nextInt(4)) {
            case 0 -> {
                for (int i = 0; i < size; i++) {
                    o.add(i == size - 1 ? 0x80 : 0);
                }
            }
            case 1 -> {
                for (int i = 0; i < size; i++) {
                    o.add(i == 0 ? rnd.nextInt(256) : 0);
                }
            }
            default -> o.bytes(size, rnd);
        }
    }

    private static int izSize(int opsize, int rex) {
        return opsize != 0 && (rex & 8) == 0 ? 2 : 4;
    }

    /** No REX half the time; otherwise any of 40-4F, so 40 (plain REX) appears too. */
    private int rex() {
        return rnd.nextBoolean() ? 0 : 0x40 | rnd.nextInt(16);
    }

    private int segment() {
        return maybe(8, SEGMENTS[rnd.nextInt(SEGMENTS.length)]);
    }

    private int maybe(int oneIn, int prefix) {
        return rnd.nextInt(oneIn) == 0 ? prefix : 0;
    }

    private int pick(int... choices) {
        return choices[rnd.nextInt(choices.length)];
    }

    /** Writes the non-zero legacy prefixes in random order. */
    private void legacy(Out o, int... prefixes) {
        List<Integer> present = new ArrayList<>();
        for (int p : prefixes) {
            if (p != 0) {
                present.add(p);
            }
        }
        java.util.Collections.shuffle(present, rnd);
        present.forEach(o::add);
    }

    private static final class Out extends ByteArrayOutputStream {
        Out add(int b) {
            write(b);
            return this;
        }

        void rex(int rex) {
            if (rex != 0) {
                write(rex);
            }
        }

        Out bytes(int count, Random rnd) {
            for (int i = 0; i < count; i++) {
                write(rnd.nextInt(256));
            }
            return this;
        }
    }
}
