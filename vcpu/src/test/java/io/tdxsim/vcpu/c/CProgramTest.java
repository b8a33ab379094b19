package io.tdxsim.vcpu.c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.vcpu.Interpreter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CProgramTest {

    private static final String PROGRAM = """
            #include <tdxsim.h>
            u64 out[4] __attribute__((section(".data"))) = {1};
            static u64 table[8];
            struct pair { u32 a; u16 b; u8 c; };
            __attribute__((noinline)) static u64 fib(u64 n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
            __attribute__((noinline)) static s64 mix(s64 a, s64 b) {
                s64 r = a * 7 - b / 3 + (a % 5) + (a >> 3) + (b < a ? a : b);
                return r ^ (u64)(u32)a << 13;
            }
            int main(int vcpu) {
                struct pair p = { 0x12345678, 0xabcd, 0x7f }, q;
                q = p;
                for (int i = 0; i < 8; i++) table[i] = (u64)i * i;
                u64 s = 0;
                for (int i = 0; i < 8; i++) s += table[i];
                out[0] = fib(15);
                out[1] = (u64)mix(-12345, 678);
                out[2] = s + q.a + q.b + q.c + vcpu;
                out[3] = __builtin_popcountll(s) + __builtin_ctzll(0x80) + __builtin_bswap32(0x11223344);
                return 0;
            }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O1", "-O2", "-O3", "-Os"})
    void runsToHaltWithTheHostCompilersAnswers(String level) throws Exception {
        CRunner r = CRunner.run(PROGRAM, level, 1_000_000);
        assertEquals(Interpreter.Stop.HALTED, r.stop, r.detail);
        assertEquals(610, r.data(0));
        long a = -12345;
        long b = 678;
        long mix = (a * 7 - b / 3 + (a % 5) + (a >> 3) + (b < a ? a : b)) ^ ((a & 0xFFFF_FFFFL) << 13);
        assertEquals(mix, r.data(8));
        assertEquals(140 + 0x12345678L + 0xabcd + 0x7f, r.data(16));
        assertEquals(Long.bitCount(140) + 7 + 0x44332211L, r.data(24));
    }

    @Test
    void aCompileErrorNamesTheProgramLine() {
        GccBuild.BuildError e = assertThrows(GccBuild.BuildError.class,
                () -> GccBuild.build("bad", "int main(int v) {\n  return undefined_thing;\n}\n", "-O2", java.util.Map.of()));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("undefined_thing"), e.getMessage());
    }

    @Test
    void anErrorInsideTheHeadersMacroNamesTheLineThatUsedIt() {
        GccBuild.BuildError e = assertThrows(GccBuild.BuildError.class, () -> GccBuild.build("bad",
                "#include <tdxsim.h>\nint main(int v)\n{\n  return readl(TDX_DEVICE(nothing));\n}\n", "-O2",
                java.util.Map.of("something", 0xffffc900fe000000L)));
        assertEquals(4, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("TDX_DEVICE_nothing"), e.getMessage());
    }

    @Test
    void aLinkErrorHasNoLine() {
        GccBuild.BuildError e = assertThrows(GccBuild.BuildError.class,
                () -> GccBuild.build("bad", "void nowhere(void);\nint main(int v) { nowhere(); return 0; }\n", "-O2",
                        java.util.Map.of()));
        assertEquals(0, e.line());
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    }
}
