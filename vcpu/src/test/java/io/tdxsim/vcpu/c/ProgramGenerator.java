package io.tdxsim.vcpu.c;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random C programs of pure integer work (every width and signedness, shifts, multiply, divide,
 * compares, selects, loops, arrays, switches, builtins, calls), free of undefined behaviour so
 * any correct compiler and CPU agree on their results: arithmetic runs in unsigned types,
 * signed values appear only in conversions, compares, right shifts and divisions by positive
 * divisors. One translation unit holds many programs; program k stores its answer in results[k].
 */
final class ProgramGenerator {

    private static final String[] TYPES = {"u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64"};

    private final Random rnd;
    private final StringBuilder out = new StringBuilder();
    private List<String> vars;
    /** Locals that statements may assign: never a loop counter, so every loop ends. */
    private int assignable;

    ProgramGenerator(long seed) {
        this.rnd = new Random(seed);
    }

    /** A translation unit with {@code programs} programs of {@code functions} functions each. */
    String unit(int programs, int functions) {
        out.append("typedef unsigned char u8; typedef unsigned short u16; typedef unsigned int u32;\n")
           .append("typedef unsigned long long u64; typedef signed char s8; typedef short s16;\n")
           .append("typedef int s32; typedef long long s64;\n")
           .append("u64 results[").append(programs).append("] __attribute__((section(\".data\"))) = { 1 };\n");
        for (int p = 0; p < programs; p++) {
            for (int f = 0; f < functions; f++) {
                function(p, f);
            }
        }
        out.append("static void run(void) {\n");
        for (int p = 0; p < programs; p++) {
            out.append("  results[").append(p).append("] = p").append(p).append("_f").append(functions - 1)
               .append("(").append(constant()).append(", ").append(constant()).append(");\n");
        }
        out.append("}\n#ifdef NATIVE\n#include <stdio.h>\nint main(void) { run();\n")
           .append("  for (int i = 0; i < ").append(programs).append("; i++) printf(\"%016llx\\n\", results[i]);\n")
           .append("  return 0; }\n#else\nint main(int vcpu) { run(); return 0; }\n#endif\n");
        return out.toString();
    }

    private void function(int p, int f) {
        out.append("__attribute__((noinline)) static u64 p").append(p).append("_f").append(f).append("(u64 a, u64 b) {\n");
        vars = new ArrayList<>(List.of("a", "b"));
        int locals = 2 + rnd.nextInt(4);
        for (int i = 0; i < locals; i++) {
            String name = "v" + i;
            out.append("  ").append(TYPES[rnd.nextInt(TYPES.length)]).append(' ').append(name).append(" = ")
               .append(expr(2)).append(";\n");
            vars.add(name);
        }
        assignable = locals;
        out.append("  u32 arr[8] = { 0 };\n");
        int statements = 2 + rnd.nextInt(5);
        for (int i = 0; i < statements; i++) {
            statement(p, f, 1);
        }
        out.append("  return ");
        for (String v : vars) {
            out.append("(u64)").append(v).append(" * ").append(1 + 2 * rnd.nextInt(1000)).append("u + ");
        }
        out.append("arr[").append(rnd.nextInt(8)).append("];\n}\n");
    }

    private void statement(int p, int f, int depth) {
        String indent = "  ".repeat(depth);
        String target = "v" + rnd.nextInt(assignable);
        switch (rnd.nextInt(depth > 2 ? 3 : 7)) {
            case 0, 1 -> out.append(indent).append(target).append(" = ").append(expr(3)).append(";\n");
            case 2 -> out.append(indent).append("arr[(").append(expr(1)).append(") & 7] += (u32)(")
                         .append(expr(2)).append(");\n");
            case 3 -> {
                out.append(indent).append("if (").append(condition()).append(") {\n");
                statement(p, f, depth + 1);
                out.append(indent).append("} else {\n");
                statement(p, f, depth + 1);
                out.append(indent).append("}\n");
            }
            case 4 -> {
                String i = "i" + depth;
                out.append(indent).append("for (u32 ").append(i).append(" = 0; ").append(i).append(" < ")
                   .append(1 + rnd.nextInt(6)).append("; ").append(i).append("++) {\n");
                vars.add(i);
                statement(p, f, depth + 1);
                statement(p, f, depth + 1);
                vars.remove(vars.size() - 1);
                out.append(indent).append("}\n");
            }
            case 5 -> {
                out.append(indent).append("switch ((").append(expr(1)).append(") & 7) {\n");
                for (int c = 0; c < 6; c++) {
                    out.append(indent).append("case ").append(c).append(": ").append(target).append(" = ")
                       .append(expr(2)).append("; break;\n");
                }
                out.append(indent).append("default: ").append(target).append(" ^= 0x").append(Integer.toHexString(rnd.nextInt()))
                   .append("u; }\n");
            }
            default -> {
                if (f > 0) {
                    out.append(indent).append(target).append(" += p").append(p).append("_f").append(rnd.nextInt(f))
                       .append("(").append(expr(2)).append(", ").append(expr(1)).append(");\n");
                } else {
                    out.append(indent).append(target).append(" -= ").append(expr(2)).append(";\n");
                }
            }
        }
    }

    private String condition() {
        String t = TYPES[rnd.nextInt(TYPES.length)];
        String[] ops = {"<", "<=", ">", ">=", "==", "!="};
        return "(" + t + ")(" + expr(1) + ") " + ops[rnd.nextInt(ops.length)] + " (" + t + ")(" + expr(1) + ")";
    }

    private String expr(int depth) {
        if (depth == 0 || rnd.nextInt(4) == 0) {
            return rnd.nextInt(3) == 0 ? constant() : "(u64)" + vars.get(rnd.nextInt(vars.size()));
        }
        String x = expr(depth - 1);
        String y = expr(depth - 1);
        return switch (rnd.nextInt(22)) {
            case 0 -> "(" + x + " + " + y + ")";
            case 1 -> "(" + x + " - " + y + ")";
            case 2 -> "(" + x + " * " + y + ")";
            case 3 -> "(" + x + " & " + y + ")";
            case 4 -> "(" + x + " | " + y + ")";
            case 5 -> "(" + x + " ^ " + y + ")";
            case 6 -> "(" + x + " << (" + y + " & 63))";
            case 7 -> "(" + x + " >> (" + y + " & 63))";
            case 8 -> "(u64)((s64)" + x + " >> (" + y + " & 63))";
            case 9 -> "(u64)((s32)" + x + " >> (" + y + " & 31))";
            case 10 -> "(" + x + " / (" + y + " | 1))";
            case 11 -> "(" + x + " % (" + y + " | 1))";
            case 12 -> "(u64)((s64)" + x + " / (s64)((" + y + " & 0x7fffffffu) | 1))";
            case 13 -> "(u64)((s32)" + x + " % (s32)((" + y + " & 0xffffu) | 1))";
            case 14 -> "(u64)(u32)((u32)" + x + " * (u32)" + y + ")";
            case 15 -> "(" + condition() + " ? " + x + " : " + y + ")";
            case 16 -> "(u64)(" + TYPES[rnd.nextInt(TYPES.length)] + ")" + x;
            case 17 -> "(u64)__builtin_popcountll(" + x + ")";
            case 18 -> "__builtin_bswap64(" + x + ")";
            case 19 -> "(u64)__builtin_ctzll(" + x + " | 1ull << 40)";
            case 20 -> "((" + x + " << (" + y + " & 63)) | (" + x + " >> ((64 - (" + y + " & 63)) & 63)))";
            default -> "(u64)(~" + x + " + !" + y + ")";
        };
    }

    /** Always 64 bits wide: a 32-bit constant shifted by up to 63 would be undefined. */
    private String constant() {
        return switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextInt(16) + "ull";
            case 1 -> "0x" + Integer.toHexString(rnd.nextInt()) + "ull";
            case 2 -> "0x" + Long.toHexString(rnd.nextLong()) + "ull";
            default -> "(u64)-" + (1 + rnd.nextInt(300)) + "ll";
        };
    }
}
