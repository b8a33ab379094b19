package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.VcpuResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device's DMA takes its place among the vCPUs' accesses to shared memory: vCPU 1 polls a
 * shared page that edu fills by DMA when its transfer's timer fires; in deterministic mode the
 * poll that first sees the data is the same one at any dispatcher size.
 */
class DmaOrderTest {

    private static final String SCENARIO = """
            tdxsim {
              name = dma-poll
              mode = deterministic
              guest.pages = [ { base = 0x8000000, size = 8KiB, attribute = shared } ]
              devices = [ { name = edu0, model = edu, base = 0xfe000000, size = 4KiB, params { dma-time = DMA_TIME } } ]
              vcpus = [
                { count = 1, program = driver }
                { count = 1, program = poller }
              ]
              programs.driver = \"""
                  mov rdi, 0xffffc90008000000
                  mov rax, 0x1122334455667788
                  mov qword [rdi], rax
                  mov rbx, edu0
                  mov qword [rbx + 0x80], 0x8000000     ; shared page -> edu's buffer
                  mov qword [rbx + 0x88], 0x40000
                  mov qword [rbx + 0x90], 64
                  mov qword [rbx + 0x98], 1
              inbound:
                  mov rax, qword [rbx + 0x98]
                  test eax, 1
                  jnz inbound
                  mov qword [rbx + 0x80], 0x40000       ; and back into the page vCPU 1 polls
                  mov qword [rbx + 0x88], 0x8001000
                  mov qword [rbx + 0x98], 3
                  hlt
              \"""
              programs.poller = \"""
                  mov rsi, 0xffffc90008001000
                  xor ecx, ecx
              poll:
                  inc rcx
                  mov rax, qword [rsi]
                  test rax, rax
                  jz poll
                  hlt
              \"""
            }
            """;

    private static Path write(Path dir, String dmaTime) throws Exception {
        Path file = dir.resolve("dma-poll.conf");
        Files.writeString(file, SCENARIO.replace("DMA_TIME", dmaTime));
        return file;
    }

    /** 20ns a byte: the transfers happen on edu's timers; 0ns: inside the command writes' accesses. */
    @org.junit.jupiter.params.ParameterizedTest(name = "dma-time {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"20ns", "0ns"})
    void thePollerSeesTheTransferAtTheSamePollAtAnyThreadCount(String dmaTime, @TempDir Path tmp) throws Exception {
        Path file = write(tmp, dmaTime);
        DeterminismAcrossThreads.check(file, tmp);
        RunResult r = SimRun.run(ScenarioLoader.load(file, List.of()));
        VcpuResult poller = r.sample().stream().filter(v -> v.index() == 1).findFirst().orElseThrow();
        assertEquals(0x1122334455667788L, poller.gprs()[Gpr.RAX.number()], "the bytes the device wrote");
        assertTrue(poller.gprs()[Gpr.RCX.number()] > 10, "it polled while the driver worked");
        assertEquals(dmaTime.equals("0ns") ? 0 : 2, r.devices().get(0).timersFired);
        assertEquals(2, r.devices().get(0).dmaReads + r.devices().get(0).dmaWrites);
    }
}
