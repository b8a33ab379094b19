package io.tdxsim.vcpu.c;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tdxsim.vcpu.Interpreter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interpreter against the host CPU: each unit of generated C programs is built by the host
 * gcc as a native executable (-O1) and for tdxsim at one of -O0..-Os (by unit), and every
 * program's result must agree. 12 units of 25 programs: 300 programs.
 */
class HostDifferentialTest {

    private static final String[] LEVELS = {"-O0", "-O1", "-O2", "-O3", "-Os"};
    private static final int PROGRAMS = 25;

    static List<Integer> units() {
        List<Integer> seeds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            seeds.add(i);
        }
        return seeds;
    }

    @ParameterizedTest(name = "unit {0}")
    @MethodSource("units")
    void interpreterAgreesWithTheHost(int unit) throws Exception {
        String level = LEVELS[unit % LEVELS.length];
        String source = new ProgramGenerator(0x7d5L * 1_000_003 + unit).unit(PROGRAMS, 4);
        List<String> host = nativeResults(source);
        CRunner r = CRunner.run(GccBuild.build("unit" + unit, source, level, Map.of()), 50_000_000);
        assertEquals(Interpreter.Stop.HALTED, r.stop, r.detail);
        for (int p = 0; p < PROGRAMS; p++) {
            assertEquals(host.get(p), String.format("%016x", r.data(8L * p)),
                    "program " + p + " of unit " + unit + " at " + level + "; source:\n" + source);
        }
    }

    private static List<String> nativeResults(String source) throws Exception {
        Path dir = Files.createTempDirectory("tdxsim-native-");
        try {
            Path c = dir.resolve("unit.c");
            Files.writeString(c, source, StandardCharsets.UTF_8);
            Path exe = dir.resolve("unit");
            run(List.of("gcc", "-O1", "-DNATIVE", c.toString(), "-o", exe.toString()));
            return List.of(run(List.of(exe.toString())).split("\n"));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static String run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {         // the output is small: the pipe never fills
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(cmd + " failed:\n" + out);
        }
        return out;
    }
}
