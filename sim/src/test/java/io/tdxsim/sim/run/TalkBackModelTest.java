package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vmm.DeviceStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user's model loaded by class sets a timer, does DMA and raises a line in a run. */
class TalkBackModelTest {

    private static final String SCENARIO = """
            tdxsim {
              name = stamp
              mode = deterministic
              guest.pages = [ { base = 0x8000000, size = 4KiB, attribute = shared } ]
              devices = [ { name = stamp0, class = "io.tdxsim.sim.run.StampDevice", base = 0xfe000000, params { declare = %s } } ]
              vcpus = [ { count = 1, program = ask } ]
              programs.ask = \"""
                  mov rbx, stamp0
                  mov rsi, 0xffffc90008000000
                  mov qword [rbx], 0x8000000        ; stamp, please
              wait:
                  mov rax, qword [rsi]
                  test rax, rax
                  jz wait
                  mov rcx, qword [rbx]              ; acknowledge; how many stamps
                  hlt
              \""" 
              run.max-instructions = 20000
            }
            """;

    private static RunResult run(Path dir, boolean declare) throws Exception {
        Path file = dir.resolve("stamp.conf");
        Files.writeString(file, SCENARIO.formatted(declare));
        return SimRun.run(ScenarioLoader.load(file, List.of()));
    }

    @Test
    void theStampArrivesByDmaOnItsTimerAndTheLineRose(@TempDir Path dir) throws Exception {
        RunResult r = run(dir, true);
        long[] regs = r.sample().get(0).gprs();
        DeviceStats stamp = r.devices().get(0);
        assertEquals(1, regs[Gpr.RCX.number()], "one stamp written");
        assertTrue(regs[Gpr.RAX.number()] > 1_000, "a virtual time after the request: " + regs[Gpr.RAX.number()]);
        assertEquals(1, stamp.timersFired);
        assertEquals(1, stamp.dmaWrites);
        assertEquals(1, stamp.interrupts);
        assertEquals(0, stamp.failures);
    }

    @Test
    void aModelThatDoesNotDeclareItIsRefusedItsTimerVisibly(@TempDir Path dir) throws Exception {
        RunResult r = run(dir, false);
        DeviceStats stamp = r.devices().get(0);
        assertEquals(1, stamp.failures);
        assertTrue(stamp.firstFailure.contains("talksBack()"), stamp.firstFailure);
        assertEquals(0, stamp.timersFired);
    }
}
