package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vcpu.AddressSpace;
import io.tdxsim.vcpu.VcpuResult;
import io.tdxsim.vmm.DeviceStats;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The vCPUs of a run share one guest memory: flags, spinlocks and counters in RAM work across them. */
public class SharedMemoryTest {

    /** vCPUs take a spinlock in RAM around a RAM and an MMIO read-modify-write, then read the RAM count. */
    public static final String SPINLOCK = """
              programs.locked = \"\"\"
                  mov rdi, 0xffffc90000001000
                  mov rbx, counter0
              again:
                  mov eax, 1
              spin:
                  xchg eax, dword [rdi]
                  test eax, eax
                  jz got
                  pause
                  jmp spin
              got:
                  mov rax, qword [rdi+8]
                  inc rax
                  mov qword [rdi+8], rax
                  mov eax, dword [rbx]
                  inc eax
                  mov dword [rbx], eax
                  mov dword [rdi], 0
                  lock add qword [rdi+16], 1
                  dec ecx
                  jnz again
                  mov rdx, qword [rdi+8]
                  mov rsi, qword [rdi+16]
                  hlt
              \"\"\"
            """;

    private static RunResult run(String mode, String body) {
        return SimRun.run(ScenarioLoader.fromText("tdxsim {\n name = shared\n mode = " + mode + "\n" + body + "\n}\n",
                "shared.conf"));
    }

    private static long deviceValue(RunResult r, String name) {
        DeviceStats d = r.devices().stream().filter(x -> x.name.equals(name)).findFirst().orElseThrow();
        return ((Number) d.state.get("value")).longValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stress", "deterministic"})
    void aSpinlockInRamKeepsEveryIncrement(String mode) {
        RunResult r = run(mode, """
                devices = [ { name = counter0, model = counter, base = 0xfe000000, service = 300ns } ]
                vcpus = [ { count = 8, program = locked, registers { rcx = 20 } } ]
                """ + SPINLOCK);
        assertEquals(8L, r.outcomes().get("HALTED"), r.outcomes()::toString);
        assertEquals(160, deviceValue(r, "counter0"), "no MMIO increment lost under the lock");
        long ramMax = r.sample().stream().mapToLong(v -> v.gprs()[2]).max().orElseThrow();
        long lockAdds = r.sample().stream().mapToLong(v -> v.gprs()[6]).max().orElseThrow();
        assertEquals(160, ramMax, "the last vCPU out sees every RAM increment");
        assertEquals(160, lockAdds, "lock add loses nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stress", "deterministic"})
    void oneVcpuSeesWhatAnotherWrote(String mode) {
        RunResult r = run(mode, """
                vcpus = [ { count = 1, program = writer }, { count = 1, program = reader } ]
                programs.writer = \"\"\"
                    mov rdi, 0xffffc90000002000
                    mov qword [rdi], 7
                    mov dword [rdi+64], 1
                    hlt
                \"\"\"
                programs.reader = \"\"\"
                    mov rdi, 0xffffc90000002000
                wait:
                    pause
                    cmp dword [rdi+64], 1
                    jnz wait
                    mov rbx, qword [rdi]
                    hlt
                \"\"\"
                """);
        VcpuResult reader = r.sample().stream().filter(v -> v.index() == 1).findFirst().orElseThrow();
        assertEquals("HALTED", reader.outcome(), reader::toString);
        assertEquals(7, reader.gprs()[3], "the flag's release published the value (TSO keeps the store order)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stress", "deterministic"})
    void everyVcpuStartsOnAStackOfItsOwn(String mode) {
        RunResult r = run(mode, """
                vcpus = [ { count = 3, program = p } ]
                programs.p = "hlt"
                """);
        for (VcpuResult v : r.sample()) {
            assertEquals(AddressSpace.KERNEL_DIRECT_MAP + AddressSpace.stackTop(v.index()), v.gprs()[4]);
        }
        assertTrue(r.sample().size() == 3);
    }
}
