package io.tdxsim.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deterministic mode end to end, at the edges where determinism used to break: each scenario
 * writes byte-identical files at 1, 2 and 4 dispatcher threads.
 */
class DeterministicFilesTest {

    /** Increments counter0 RCX times, then oopses on a compare folded with an MMIO load. */
    private static final String INC = RacyIncrement.program("counter0", 0, "cmp dword [rdi], 7");

    private static void check(Path tmp, String body) throws Exception {
        Path scenario = tmp.resolve("edge.conf");
        Files.writeString(scenario, "tdxsim {\n  name = edge\n" + body + "\n}\n");
        DeterminismAcrossThreads.check(scenario, tmp);
    }

    @Test
    void aContendedRunWithALocklessPooledDevice(@TempDir Path tmp) throws Exception {
        check(tmp, """
                devices = [
                  { name = counter0, model = counter, base = 0xfe000000, service = 700ns }
                  { name = lockless, model = scratch, base = 0xfe001000, params { concurrent = true } }
                ]
                vcpus = [
                  { count = 24, program = inc, registers { rcx = 30 } }
                  { count = 8, workload { targets = [counter0, lockless], read = 60%, sizes = [4, 8], exits = 40 } }
                ]
                """ + INC);
    }

    @Test
    void moreExitsThanTheExitLogHolds(@TempDir Path tmp) throws Exception {
        check(tmp, """
                run.trace-exits = 300
                devices = [ { name = counter0, model = counter, base = 0xfe000000 } ]
                vcpus = [ { count = 64, workload { targets = [counter0], read = 50%, exits = 50 } } ]
                """);
    }

    @Test
    void moreFaultedVcpusThanTheSampleHolds(@TempDir Path tmp) throws Exception {
        // every vCPU oopses on the cmp after its loop; the loop lengths differ, so they end at
        // different times and, on several threads, in a different wall-clock order each run
        check(tmp, """
                devices = [ { name = counter0, model = counter, base = 0xfe000000 } ]
                vcpus = [
                  { count = 100, program = inc, registers { rcx = 9 } }
                  { count = 100, program = inc, registers { rcx = 3 } }
                  { count = 100, program = inc, registers { rcx = 1 } }
                ]
                """ + INC);
    }

    @Test
    void probabilisticFaultsAndDeviceTimeouts(@TempDir Path tmp) throws Exception {
        check(tmp, """
                vmm.device-timeout = 20us
                devices = [
                  { name = flaky, model = scratch, base = 0xfe000000,
                    faults { throw-probability = 0.05, delay = 30us, delay-probability = 0.05 } }
                  { name = lossy, model = scratch, base = 0xfe001000, faults { drop-probability = 0.05 } }
                ]
                vcpus = [ { count = 32, workload { targets = [flaky, lossy], read = 50%, exits = 60 } } ]
                """);
    }

    @Test
    void severalVmmRouters(@TempDir Path tmp) throws Exception {
        check(tmp, """
                vmm.routers = 3
                devices = [
                  { name = counter0, model = counter, base = 0xfe000000, service = 200ns }
                  { name = scratch0, model = scratch, base = 0xfe001000, service = 900ns }
                ]
                vcpus = [ { count = 48, workload { targets = [counter0, scratch0], read = 50%, exits = 40 } } ]
                """);
    }

    @Test
    void vcpusSharingASpinlockAndACounterInRam(@TempDir Path tmp) throws Exception {
        // every access to the lock and the RAM counter is an engine event, so who gets the lock
        // when, and every register, is the same at any dispatcher size
        check(tmp, """
                devices = [ { name = counter0, model = counter, base = 0xfe000000, service = 300ns } ]
                vcpus = [
                  { count = 6, program = locked, registers { rcx = 8 } }
                  { count = 2, program = unlocked, registers { rcx = 8 } }
                ]
                programs.unlocked = \"\"\"
                    mov rdi, 0xffffc90000001000
                again:
                    mov rax, qword [rdi+8]
                    inc rax
                    mov qword [rdi+8], rax
                    dec ecx
                    jnz again
                    hlt
                \"\"\"
                """ + io.tdxsim.sim.run.SharedMemoryTest.SPINLOCK);
    }
}
