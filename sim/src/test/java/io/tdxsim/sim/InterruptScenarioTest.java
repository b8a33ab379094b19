package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Interrupts routed from devices to vCPUs, end to end: IDT, HLT per profile, the C driver's safe_halt(). */
class InterruptScenarioTest {

    private static Path resource(String name) throws Exception {
        return Path.of(InterruptScenarioTest.class.getResource("/" + name).toURI());
    }

    private static long state(RunResult r, String key) {
        return ((Number) r.devices().stream().filter(d -> d.name.equals("ring0")).findFirst().orElseThrow().state
                .get(key)).longValue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rfc-v2", "linux-6.6", "architectural"})
    void aHaltedVcpuWakesForTheInterruptAndItsHandlerRuns(String profile) throws Exception {
        RunResult r = SimRun.run(ScenarioLoader.load(resource("interrupt-wake.conf"),
                List.of("guest.handler=" + profile)));
        assertEquals(java.util.Map.of("HALTED", 2L), r.outcomes());
        assertEquals(1, r.sample().stream().filter(v -> v.index() == 0).findFirst().orElseThrow().gprs()[15],
                "vCPU 0's handler ran exactly once");
        assertEquals(1, r.vmm().interruptsDelivered);
        assertEquals(1, r.vmm().halts);
        assertTrue(r.accounting().exact(), r.accounting().mismatches()::toString);
    }

    @Test
    void upstreamLinuxRefusesHltWithInterruptsEnabled() throws Exception {
        RunResult r = SimRun.run(ScenarioLoader.load(resource("interrupt-wake.conf"), List.of("guest.handler=linux")));
        assertEquals(java.util.Map.of("HALTED", 1L, "OOPS", 1L), r.outcomes());
        assertEquals(0, r.vmm().halts, "the #VE handler never sends Instruction.HLT");
        Cli.Outcome run = Cli.execute("run", "--no-progress", "--set", "guest.handler=linux",
                resource("interrupt-wake.conf").toString());
        assertTrue(run.out().contains("vcpu 0: OOPS") && run.out().contains("HLT emulation with IRQs enabled"),
                run::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"deterministic", "stress"})
    void everyRequestOfTheInterruptDrivenDriverCompletesOn64Vcpus(String mode) throws Exception {
        RunResult r = SimRun.run(ScenarioLoader.load(resource("interrupt-ring.conf"), List.of("mode=" + mode)));
        assertEquals(java.util.Map.of("HALTED", 64L), r.outcomes());
        assertEquals(64L, state(r, "produced"));
        assertEquals(64L, state(r, "acked"), "every completion consumed by a handler");
        assertEquals(64, r.vmm().interruptsRaised);
        assertTrue(r.vmm().halts > 0, "the vCPUs slept in safe_halt()");
        assertTrue(r.accounting().exact(), r.accounting().mismatches()::toString);
    }

    @Test
    void theInterruptDrivenDriverWritesTheSameBytesAtOneTwoAndFourThreads(@TempDir Path tmp) throws Exception {
        DeterminismAcrossThreads.check(resource("interrupt-ring.conf"), tmp);
    }

    @Test
    void theDriverRunsAtEveryOptimisationLevel() throws Exception {
        for (String level : List.of("-O0", "-O1", "-O3", "-Os")) {
            RunResult r = SimRun.run(ScenarioLoader.load(resource("interrupt-ring.conf"),
                    List.of("programs.driver.cflags=\"" + level + "\"", "vcpus=[{count=8, program=driver}]")));
            assertEquals(java.util.Map.of("HALTED", 8L), r.outcomes(), level);
            assertEquals(8L, state(r, "acked"), level);
        }
    }
}
