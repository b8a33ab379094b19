package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.ShippedScenarios;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioException;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vmm.DeviceStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** C programs in scenarios: built by gcc, globals shared, each vCPU at main(vcpu). */
class CProgramScenarioTest {

    private static long state(RunResult r, String device, String key) {
        DeviceStats d = r.devices().stream().filter(x -> x.name.equals(device)).findFirst().orElseThrow();
        return ((Number) d.state.get(key)).longValue();
    }

    /**
     * Every C program of a shipped scenario runs at each optimisation level without #UD (the
     * README's own example: ReadmeCExampleTest).
     */
    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O1", "-O2", "-O3", "-Os"})
    void everyShippedCExampleRunsAt(String level) {
        int checked = 0;
        for (Path file : ShippedScenarios.all()) {
            Scenario s = ScenarioLoader.load(file, List.of());
            for (Map.Entry<String, Scenario.Program> p : s.programs().entrySet()) {
                if (p.getValue() == null || p.getValue().language() != Scenario.Program.Language.C) {
                    continue;
                }
                List<String> set = new ArrayList<>(List.of("programs." + p.getKey() + ".cflags=\"" + level + "\"",
                        "vcpus=[{count=4, program=" + p.getKey() + "}]"));
                RunResult r = SimRun.run(ScenarioLoader.load(file, set));
                assertEquals(null, r.outcomes().get("INVALID_OPCODE"), file + " " + level + ": " + r.sample());
                assertEquals(null, r.outcomes().get("LIMIT"), file + " " + level + ": " + r.outcomes());
                assertEquals(4L, r.vcpusFinished(), file + " " + level + ": " + r.outcomes());
                checked++;
            }
        }
        assertTrue(checked >= 2, "the shipped C examples (c-spinlock, review-compiler) were not found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stress", "deterministic"})
    void theSpinlockKeepsEveryIncrementAndTheRaceLosesSome(String mode) {
        RunResult r = SimRun.run(ScenarioLoader.load(ShippedScenarios.file("c-spinlock.conf"),
                List.of("mode=" + mode)));
        assertEquals(16L, r.outcomes().get("HALTED"), r.outcomes()::toString);
        assertEquals(400, state(r, "locked", "value"), "no increment under the lock is lost");
        assertEquals(400, state(r, "unlocked", "writes"));
        assertTrue(state(r, "unlocked", "value") < 400, "the unlocked read-modify-write loses updates");
    }

    @Test
    void deterministicModeReproducesALossExactly() {
        List<String> set = List.of("mode=deterministic", "seed=5");
        RunResult a = SimRun.run(ScenarioLoader.load(ShippedScenarios.file("c-spinlock.conf"), set));
        RunResult b = SimRun.run(ScenarioLoader.load(ShippedScenarios.file("c-spinlock.conf"), set));
        assertTrue(state(a, "unlocked", "value") < 400);
        assertEquals(state(a, "unlocked", "value"), state(b, "unlocked", "value"));
        assertEquals(a.virtualNanos(), b.virtualNanos());
    }

    /** The review's question: which builds of the same driver oops under today's kernel. */
    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O1", "-O2", "-Os"})
    void onlyTheOptimisedBuildsOfTheFixedAddressOops(String level) {
        for (String handler : List.of("linux", "architectural")) {
            RunResult r = SimRun.run(ScenarioLoader.load(ShippedScenarios.file("review-compiler.conf"),
                    List.of("programs.driver.cflags=\"" + level + "\"", "guest.handler=" + handler)));
            boolean oops = handler.equals("linux") && !level.equals("-O0") && !level.equals("-O1");
            assertEquals(oops ? 3L : 4L, r.outcomes().get("HALTED"), level + " " + handler + ": " + r.outcomes());
            for (var v : r.sample()) {
                if (v.fault() != null) {
                    assertEquals(2, v.index(), "only the vCPU with the constant address faults");
                    assertTrue(v.detail().contains("'movabs' (a1)"), v.detail());
                }
            }
            assertEquals(oops ? 0x1100000007L : 0x1500000007L, ((Number) r.devices().stream()
                    .filter(d -> d.name.equals("fixed")).findFirst().orElseThrow().state.get("q0")).longValue());
        }
    }

    @Test
    void aGccErrorIsOneLineAtTheScenarioLine() {
        String text = """
                tdxsim {
                  name = bad
                  vcpus = [ { count = 1, program = p } ]
                  programs.p.c = \"\"\"
                int main(int vcpu)
                {
                	return no_such_name;
                }
                \"\"\"
                }
                """;
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> SimRun.validate(ScenarioLoader.fromText(text, "bad.conf")));
        assertEquals(1, e.getMessage().split("\n").length, e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.conf:7: tdxsim.programs.p.c: gcc: "), e.getMessage());
        assertTrue(e.getMessage().contains("no_such_name"), e.getMessage());
    }

    @Test
    void anUnknownDeviceNameFailsTheBuild() {
        String text = """
                tdxsim {
                  name = bad
                  devices = [ { name = dev0, model = scratch, base = 0xfe000000 } ]
                  vcpus = [ { count = 1, program = p } ]
                  programs.p.c = "#include <tdxsim.h>\\nint main(int v) { writel(1, TDX_DEVICE(dev1)); return 0; }"
                }
                """;
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> SimRun.validate(ScenarioLoader.fromText(text, "bad.conf")));
        assertTrue(e.getMessage().contains("TDX_DEVICE_dev1"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void eachVcpuGetsItsIndexAndGlobalsAreShared() {
        RunResult r = SimRun.run(ScenarioLoader.fromText("""
                tdxsim {
                  name = index
                  devices = [ { name = dev0, model = scratch, base = 0xfe000000 } ]
                  vcpus = [ { count = 4, program = p } ]
                  programs.p.c = \"\"\"
                #include <tdxsim.h>
                atomic_t arrived;
                int main(int vcpu)
                {
                	writeb((u8)(vcpu + smp_processor_id()), TDX_DEVICE(dev0) + vcpu);
                	atomic_inc(&arrived);
                	while (atomic_read(&arrived) < 4)
                		cpu_relax();
                	writeb((u8)atomic_read(&arrived), TDX_DEVICE(dev0) + 4 + vcpu);
                	return 0;
                }
                \"\"\"
                }
                """, "index.conf"));
        assertEquals(4L, r.outcomes().get("HALTED"), r.outcomes()::toString);
        DeviceStats d = r.devices().get(0);
        // bytes 0..3: each vCPU's index from main's argument plus RDPID's; bytes 4..7: all four arrived
        assertEquals(0x0404040406040200L, ((Number) d.state.get("q0")).longValue());
    }
}
