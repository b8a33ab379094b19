package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.Gpr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated instructions, in groups, covering every supported form with every register, every
 * addressing mode and immediate widths at their boundaries. Every line is valid GNU as Intel
 * syntax too, so the same text goes to both assemblers. Each group is framed by the labels
 * {@code back} (start) and {@code target} (end) for rip-relative references.
 */
final class InstructionCorpus {
    /** Constants handed to tdxsim as symbols and to GNU as as {@code .set}. */
    static final Map<String, Long> SYMBOLS = Map.of("dev", 0x100L, "small", 8L, "neg", -8L, "mmio", 0xfe000L);

    private static final int[] SIZES = {1, 2, 4, 8};
    private static final String[] HIGH = {"ah", "ch", "dh", "bh"};
    private static final String[] ALU = {"add", "or", "adc", "sbb", "and", "sub", "xor", "cmp"};

    private InstructionCorpus() {
    }

    static String gasPrelude() {
        StringBuilder sb = new StringBuilder();
        SYMBOLS.forEach((k, v) -> sb.append(".set ").append(k).append(", ").append(v).append('\n'));
        return sb.toString();
    }

    static String frame(List<String> lines) {
        return "back:\n" + String.join("\n", lines) + "\ntarget:\n nop\n";
    }

    static Map<String, List<String>> groups() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("mov register, register", movRegReg());
        g.put("mov with memory (every addressing form)", movMemory());
        g.put("mov immediate", movImmediate());
        g.put("movabs", movabs());
        g.put("alu register and memory", aluRegMem());
        g.put("alu immediate", aluImmediate());
        g.put("test", test());
        g.put("movzx movsx movsxd", extend());
        g.put("shifts and rotates", shifts());
        g.put("one-operand r/m: inc dec not neg mul div idiv imul", incDec());
        g.put("imul with two and three operands", imul());
        g.put("push pop call ret leave", stack());
        g.put("setcc cmovcc", conditional());
        g.put("lea", lea());
        g.put("string moves, fences and friends", fixed());
        g.put("xchg xadd cmpxchg, with and without lock", atomics());
        g.put("in out ins outs", portIo());
        g.put("raw bytes", List.of(".byte 0x0f, 0xb6, 0x07", ".byte 1, -1, 255, -128, small"));
        return g;
    }

    private static List<String> portIo() {
        List<String> out = new ArrayList<>();
        for (String acc : new String[] {"al", "ax", "eax"}) {
            for (String port : new String[] {"0", "0x60", "127", "0x80", "255", "small", "dx"}) {
                out.add("in " + acc + ", " + port);
                out.add("out " + port + ", " + acc);
            }
        }
        for (String s : new String[] {"insb", "insw", "insd", "outsb", "outsw", "outsd"}) {
            out.add(s);
            out.add("rep " + s);
        }
        return out;
    }

    private static List<String> atomics() {
        List<String> out = new ArrayList<>();
        List<String> mem = memoryOperands();
        for (int size : SIZES) {
            for (int i = 0; i < 16; i++) {
                out.add("xchg " + reg(i, size) + ", " + reg((i + 3) % 16, size));
                out.add("xchg " + reg(0, size) + ", " + reg(i, size));
                out.add("xchg " + reg(i, size) + ", " + reg(0, size));
                out.add("xadd " + reg(i, size) + ", " + reg((i + 7) % 16, size));
                out.add("cmpxchg " + reg(i, size) + ", " + reg((i + 9) % 16, size));
            }
            for (int k = 0; k < mem.size(); k += 3) {
                String m = ptr(size) + mem.get(k);
                String r = reg(k % 16, size);
                out.add("xchg " + m + ", " + r);
                out.add("xchg " + r + ", " + m);
                out.add("lock xadd " + m + ", " + r);
                out.add("lock cmpxchg " + m + ", " + r);
                out.add("lock add " + m + ", " + r);
                out.add("lock xor " + m + ", 1");
                out.add("lock inc " + m);
                out.add("lock xchg " + m + ", " + r);
            }
        }
        return out;
    }

    static String reg(int n, int size) {
        return Gpr.of(n).name(size);
    }

    static String ptr(int size) {
        return switch (size) {
            case 1 -> "byte ptr ";
            case 2 -> "word ptr ";
            case 4 -> "dword ptr ";
            default -> "qword ptr ";
        };
    }

    /** Every memory form: each base with each displacement width, each index with each scale, rip, absolute. */
    static List<String> memoryOperands() {
        List<String> m = new ArrayList<>();
        String[] disps = {"", " + 8", " - 0x80", " + 0x7f", " + 0x80", " - 0x81", " + 0x12345678", " + dev", " + neg"};
        for (int b = 0; b < 16; b++) {
            for (String d : disps) {
                m.add("[" + reg(b, 8) + d + "]");
            }
        }
        int k = 0;
        for (int idx = 0; idx < 16; idx++) {
            if (idx == 4) {
                continue; // rsp cannot be an index
            }
            for (int scale : new int[] {1, 2, 4, 8}) {
                int base = (idx * 3 + scale) % 16;
                m.add("[" + reg(base, 8) + " + " + reg(idx, 8) + "*" + scale + disps[k++ % disps.length] + "]");
            }
        }
        for (String base : new String[] {"rbp", "r13", "rsp", "r12"}) {
            for (String idx : new String[] {"rax", "r9", "rbp", "r13", "r12"}) {
                m.add("[" + base + " + " + idx + "*2]");
                m.add("[" + base + " + " + idx + "]");
                m.add("[" + base + " + " + idx + "*8 + 0x100]");
            }
        }
        String[] noBase = {"rax", "rcx", "r8", "r15", "rbp", "r13", "r12", "rsi"};
        for (int i = 0; i < noBase.length; i++) {
            int scale = 1 << (i % 4);
            m.add("[" + noBase[i] + "*" + scale + "]");
            m.add("[" + noBase[i] + "*" + scale + " + 0x40]");
        }
        m.add("[rax + rsp]");
        m.add("[rbx + 2*rcx]");
        m.add("[rbx + rcx*4 + 4 - 2]");
        m.add("[0x1000]");
        m.add("[0]");
        m.add("[0x7fffffff]");
        m.add("[-16]");
        m.add("[dev]");
        m.add("[mmio + 4]");
        m.add("[rip]");
        m.add("[rip + 0x100]");
        m.add("[rip - 8]");
        m.add("[rip + dev]");
        m.add("[rip + target]");
        m.add("[rip + target + 4]");
        m.add("[rip + back]");
        m.add("[rip + back - 3]");
        m.add("[rbx + target - back]");
        m.add("[target - back + 2]");
        return m;
    }

    private static List<String> movRegReg() {
        List<String> out = new ArrayList<>();
        for (int size : SIZES) {
            for (int i = 0; i < 16; i++) {
                out.add("mov " + reg(i, size) + ", " + reg((i + 5) % 16, size));
                out.add("mov " + reg((i + 11) % 16, size) + ", " + reg(i, size));
            }
        }
        for (String h : HIGH) {
            for (int i = 0; i < 4; i++) {
                out.add("mov " + h + ", " + reg(i, 1));
                out.add("mov " + reg(i, 1) + ", " + h);
                out.add("mov " + h + ", " + HIGH[i]);
            }
        }
        return out;
    }

    private static List<String> movMemory() {
        List<String> out = new ArrayList<>();
        List<String> mems = memoryOperands();
        for (int k = 0; k < mems.size(); k++) {
            int size = SIZES[k % 4];
            String r = reg((k * 7) % 16, size);
            String m = mems.get(k);
            String sized = (k % 2 == 0 ? ptr(size) : "") + m;
            out.add("mov " + r + ", " + sized);
            out.add("mov " + sized + ", " + r);
        }
        for (String h : HIGH) {
            out.add("mov " + h + ", byte ptr [rdi]");
            out.add("mov [rbx + rcx*2 + 1], " + h);
        }
        return out;
    }

    static long[] immediates(int size) {
        return switch (size) {
            case 1 -> new long[] {0, 1, 0x7f, 0x80, 0xff, -1, -128};
            case 2 -> new long[] {0, 1, 0x7f, 0x80, 0x7fff, 0x8000, 0xffff, -1, -0x80, -0x81, -0x8000};
            case 4 -> new long[] {0, 1, 0x7f, 0x80, -0x80, -0x81, 0x7fffffff, 0x80000000L, 0xffffffffL, -1,
                -0x80000000L};
            default -> new long[] {0, 1, -1, 0x7f, 0x80, -0x80, -0x81, 0x7fffffff, 0x80000000L, 0xffffffffL,
                -0x80000001L, 0x100000000L, 0x123456789abcdef0L, -0x123456789abcdef0L, -0x80000000L};
        };
    }

    static String lit(long v) {
        return v < 0 ? "-0x" + Long.toHexString(-v) : "0x" + Long.toHexString(v);
    }

    private static List<String> movImmediate() {
        List<String> out = new ArrayList<>();
        for (int size : SIZES) {
            long[] values = immediates(size);
            for (int i = 0; i < 16; i++) {
                out.add("mov " + reg(i, size) + ", " + lit(values[i % values.length]));
            }
            for (long v : values) {
                out.add("mov " + reg(9, size) + ", " + lit(v));
                if (size < 8 || Immediates.fitsInt32(v)) {
                    out.add("mov " + ptr(size) + "[rdi + 0x10], " + lit(v));
                }
            }
            out.add("mov " + ptr(size) + "[rip + target], " + lit(values[values.length - 1]));
        }
        out.add("mov ah, 0x12");
        out.add("mov bh, -1");
        out.add("mov rdi, dev");
        out.add("mov r12, mmio + 5");
        out.add("mov eax, small");
        out.add("mov rax, 0xffffffffffffffff");
        out.add("mov dword ptr [rdi], dev");
        out.add("mov ecx, target - back");
        out.add("mov rcx, target - back");
        return out;
    }

    private static List<String> movabs() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            out.add("movabs " + reg(i, 8) + ", " + lit(i * 0x1111111111111L + 1));
        }
        for (int size : SIZES) {
            out.add("movabs " + reg(0, size) + ", [0x1122334455667788]");
            out.add("movabs [0x10], " + reg(0, size));
        }
        out.add("movabs rax, 5");
        out.add("movabs rdi, mmio");
        return out;
    }

    private static List<String> aluRegMem() {
        List<String> out = new ArrayList<>();
        List<String> mems = memoryOperands();
        int k = 0;
        for (String op : ALU) {
            for (int size : SIZES) {
                for (int i = 0; i < 16; i += 3) {
                    out.add(op + " " + reg(i, size) + ", " + reg((i + 7) % 16, size));
                }
                String m = mems.get((k += 17) % mems.size());
                out.add(op + " " + reg(k % 16, size) + ", " + ptr(size) + m);
                out.add(op + " " + m + ", " + reg((k + 3) % 16, size));
            }
        }
        // every register in each position at least once
        for (int size : SIZES) {
            for (int i = 0; i < 16; i++) {
                out.add(ALU[i % ALU.length] + " " + reg(i, size) + ", " + reg(15 - i, size));
            }
        }
        out.add("xor ah, bl");
        out.add("cmp dh, byte ptr [rsi]");
        return out;
    }

    private static List<String> aluImmediate() {
        List<String> out = new ArrayList<>();
        for (String op : ALU) {
            for (int size : SIZES) {
                long[] values = immediates(size);
                for (long v : values) {
                    if (size == 8 && !Immediates.fitsInt32(v)) {
                        continue;
                    }
                    out.add(op + " " + reg(0, size) + ", " + lit(v)); // accumulator forms
                    out.add(op + " " + reg(10, size) + ", " + lit(v));
                }
                out.add(op + " " + reg(6, size) + ", small");
                out.add(op + " " + ptr(size) + "[rsp + 8], " + lit(values[3]));
                out.add(op + " " + ptr(size) + "[r13], " + lit(values[values.length - 1]));
                out.add(op + " " + ptr(size) + "[rip + target], 1");
            }
            out.add(op + " ch, 0x12");
            out.add(op + " eax, target - back");
            out.add(op + " r9, target - back");
            out.add(op + " word ptr [rdi], target - back");
            out.add(op + " spl, 3");
        }
        return out;
    }

    private static List<String> test() {
        List<String> out = new ArrayList<>();
        for (int size : SIZES) {
            for (int i = 0; i < 16; i++) {
                out.add("test " + reg(i, size) + ", " + reg((i + 3) % 16, size));
            }
            for (long v : immediates(size)) {
                if (size == 8 && !Immediates.fitsInt32(v)) {
                    continue;
                }
                out.add("test " + reg(0, size) + ", " + lit(v));
                out.add("test " + reg(3, size) + ", " + lit(v));
            }
            out.add("test " + ptr(size) + "[rdi + rax*4], " + reg(9, size));
            out.add("test " + reg(9, size) + ", " + ptr(size) + "[rdi + rax*4]");
            out.add("test " + ptr(size) + "[r12], 0x7f");
        }
        out.add("test ah, bh");
        out.add("test ah, 1");
        return out;
    }

    private static List<String> extend() {
        List<String> out = new ArrayList<>();
        for (String op : new String[] {"movzx", "movsx"}) {
            for (int dst : new int[] {2, 4, 8}) {
                for (int i = 0; i < 16; i++) {
                    out.add(op + " " + reg(i, dst) + ", " + reg((i + 6) % 16, 1));
                    if (dst > 2) {
                        out.add(op + " " + reg(i, dst) + ", " + reg((i + 9) % 16, 2));
                    }
                }
                out.add(op + " " + reg(1, dst) + ", byte ptr [rdi]");
                out.add(op + " " + reg(12, dst) + ", byte ptr [r13 + rax*2 + 1]");
                if (dst > 2) {
                    out.add(op + " " + reg(2, dst) + ", word ptr [rsp]");
                    out.add(op + " " + reg(15, dst) + ", word ptr [rip + target]");
                }
            }
            out.add(op + " eax, ah");
            out.add(op + " bx, dh");
        }
        for (int i = 0; i < 16; i++) {
            out.add("movsx " + reg(i, 8) + ", " + reg((i + 1) % 16, 4));
            out.add("movsxd " + reg(i, 8) + ", dword ptr [" + reg((i + 2) % 16, 8) + "]");
        }
        out.add("movsxd eax, dword ptr [rdi]");
        out.add("movsx rax, dword ptr [rip + back]");
        return out;
    }

    private static List<String> shifts() {
        List<String> out = new ArrayList<>();
        String[] counts = {"1", "0", "5", "255", "cl", "small"};
        int k = 0;
        for (String op : new String[] {"rol", "ror", "rcl", "rcr", "shl", "shr", "sal", "sar"}) {
            for (int size : SIZES) {
                for (int i = 0; i < 16; i++) {
                    out.add(op + " " + reg(i, size) + ", " + counts[k++ % counts.length]);
                }
                for (String c : counts) {
                    out.add(op + " " + ptr(size) + "[rbx + 4], " + c);
                }
            }
            out.add(op + " ah, cl");
        }
        return out;
    }

    private static List<String> stack() {
        List<String> out = new ArrayList<>();
        List<String> mems = memoryOperands();
        for (int i = 0; i < 16; i++) {
            out.add("push " + reg(i, 8));
            out.add("pop " + reg(i, 8));
            out.add("call " + reg(i, 8));
        }
        for (int k = 0; k < mems.size(); k += 5) {
            out.add("push qword ptr " + mems.get(k));
            out.add("pop qword ptr " + mems.get(k));
            out.add("call qword ptr " + mems.get(k));
        }
        for (String v : new String[] {"0", "1", "-1", "127", "128", "-128", "-129", "0x7fffffff", "-0x80000000", "small"}) {
            out.add("push " + v);
        }
        out.add("call back");
        out.add("call target");
        out.add("ret");
        out.add("ret 8");
        out.add("ret 0x1234");
        out.add("leave");
        return out;
    }

    private static List<String> conditional() {
        List<String> out = new ArrayList<>();
        String[] conditions = {"o", "no", "b", "c", "nae", "ae", "nb", "nc", "e", "z", "ne", "nz", "be", "na", "a",
            "nbe", "s", "ns", "p", "pe", "np", "po", "l", "nge", "ge", "nl", "le", "ng", "g", "nle"};
        int k = 0;
        for (String c : conditions) {
            out.add("set" + c + " " + reg(k % 16, 1));
            out.add("set" + c + " byte ptr [rbx + " + k + "]");
            out.add("cmov" + c + " " + reg(k % 16, 4) + ", " + reg((k + 5) % 16, 4));
            out.add("cmov" + c + " " + reg(k % 16, 8) + ", qword ptr [rsi + r9*8]");
            out.add("cmov" + c + " " + reg(k % 16, 2) + ", " + reg((k + 1) % 16, 2));
            k++;
        }
        out.add("sete ah");
        return out;
    }

    private static List<String> imul() {
        List<String> out = new ArrayList<>();
        List<String> mems = memoryOperands();
        for (int size : new int[] {2, 4, 8}) {
            for (int i = 0; i < 16; i++) {
                out.add("imul " + reg(i, size) + ", " + reg((i + 5) % 16, size));
                out.add("imul " + reg(i, size) + ", " + ptr(size) + mems.get((i * 7) % mems.size()));
            }
            for (long v : immediates(size)) {
                if (size == 8 && !Immediates.fitsInt32(v)) {
                    continue;
                }
                out.add("imul " + reg(3, size) + ", " + reg(12, size) + ", " + lit(v));
                out.add("imul " + reg(9, size) + ", " + lit(v));
                out.add("imul " + reg(1, size) + ", " + ptr(size) + "[rbp - 0x80], " + lit(v));
            }
        }
        return out;
    }

    private static List<String> incDec() {
        List<String> out = new ArrayList<>();
        for (String op : new String[] {"inc", "dec", "not", "neg", "mul", "div", "idiv", "imul"}) {
            for (int size : SIZES) {
                for (int i = 0; i < 16; i++) {
                    out.add(op + " " + reg(i, size));
                }
                out.add(op + " " + ptr(size) + "[rdi]");
                out.add(op + " " + ptr(size) + "[rip + target]");
            }
            for (String h : HIGH) {
                out.add(op + " " + h);
            }
        }
        return out;
    }

    private static List<String> lea() {
        List<String> out = new ArrayList<>();
        List<String> mems = memoryOperands();
        for (int k = 0; k < mems.size(); k += 3) {
            int size = new int[] {2, 4, 8}[(k / 3) % 3];
            out.add("lea " + reg(k % 16, size) + ", " + mems.get(k));
        }
        out.add("lea rax, [rip + target]");
        out.add("lea r11, [rip + back]");
        return out;
    }

    private static List<String> fixed() {
        return List.of("movsb", "movsw", "movsd", "movsq", "rep movsb", "rep movsw", "rep movsd", "rep movsq",
                "nop", "pause", "hlt", "lfence", "mfence", "sfence");
    }

    /** Every jump mnemonic, short and long, forward and backward. */
    static String jumps() {
        List<String> names = new ArrayList<>(List.of("jmp", "jo", "jno", "jb", "jc", "jnae", "jae", "jnb", "jnc",
                "je", "jz", "jne", "jnz", "jbe", "jna", "ja", "jnbe", "js", "jns", "jp", "jpe", "jnp", "jpo",
                "jl", "jnge", "jge", "jnl", "jle", "jng", "jg", "jnle"));
        StringBuilder sb = new StringBuilder("start:\n");
        for (String j : names) {
            sb.append(j).append(" start\n").append(j).append(" l_near\n");
        }
        sb.append("l_near:\n");
        for (String j : names) {
            sb.append(j).append(" l_near\n").append(j).append(" l_far\n");
        }
        for (int i = 0; i < 20; i++) {
            sb.append("movabs rax, 0x1122334455667788\n");
        }
        sb.append("l_far:\n");
        for (String j : names) {
            sb.append(j).append(" start\n");
        }
        return sb.toString();
    }

    /** Programs whose jumps sit on the rel8 boundary, including a jump pushed over by another one growing. */
    static Map<String, String> relaxation() {
        Map<String, String> p = new LinkedHashMap<>();
        for (int n = 124; n <= 131; n++) {
            String nops = " nop\n".repeat(n);
            p.put("forward jmp over " + n + " bytes", "jmp f\n" + nops + "f:\n");
            p.put("forward jne over " + n + " bytes", "jne f\n" + nops + "f:\n");
            p.put("backward jmp over " + n + " bytes", "b:\n" + nops + "jmp b\n");
            p.put("backward jle over " + n + " bytes", "b:\n" + nops + "jle b\n");
        }
        for (int n = 118; n <= 126; n++) {
            // the first jump fits only while the second one stays short
            p.put("chained growth, gap " + n, "jmp a\n je b\n" + " nop\n".repeat(n) + "a:\n nop\n nop\n"
                    + " nop\n".repeat(3) + "b:\n hlt\n");
            p.put("backward chain, gap " + n, "b:\n nop\n" + " nop\n".repeat(n) + "jz b\n jmp b\n jnz b\n");
        }
        return p;
    }
}
