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

    private static long r15(RunResult r, int vcpu) {
        return r.sample().stream().filter(v -> v.index() == vcpu).findFirst().orElseThrow().gprs()[15];
    }

    @ParameterizedTest
    @ValueSource(strings = {"rfc-v2", "linux-6.6", "architectural"})
    void bothSleepersWakeForTheInterruptAndTheirHandlersRunOnce(String profile) {
        RunResult r = SimRun.run(ScenarioLoader.load(ShippedScenarios.file("interrupt-wake.conf"),
                List.of("guest.handler=" + profile)));
        assertEquals(java.util.Map.of("HALTED", 3L), r.outcomes());
        assertEquals(1, r15(r, 0), "vCPU 0's handler ran exactly once");
        assertEquals(1, r15(r, 1));
        assertEquals(List.of(1L, 1L, 0L), r.sample().stream().map(v -> v.interrupts()).toList());
        assertEquals(2, r.vmm().interruptsDelivered);
        assertEquals(2, r.vmm().halts);
        assertTrue(r.accounting().exact(), r.accounting().mismatches()::toString);
    }

    @Test
    void upstreamLinuxRefusesHltWithInterruptsEnabledButSafeHaltSleeps() {
        RunResult r = SimRun.run(ScenarioLoader.load(ShippedScenarios.file("interrupt-wake.conf"), List.of()));
        assertEquals(java.util.Map.of("HALTED", 2L, "OOPS", 1L), r.outcomes());
        assertEquals(1, r.vmm().halts, "only the tdcall reaches the VMM");
        assertEquals(1, r15(r, 1));
        RunResult hypercall = SimRun.run(ScenarioLoader.load(ShippedScenarios.file("interrupt-wake.conf"),
                List.of("guest.mmio-path=hypercall")));
        assertEquals(java.util.Map.of("HALTED", 2L, "OOPS", 1L), hypercall.outcomes(),
                "HLT is a #VE whatever path MMIO takes");
        Cli.Outcome run = Cli.execute("run", "--no-progress", ShippedScenarios.file("interrupt-wake.conf").toString());
        assertTrue(run.out().contains("vcpu 0: OOPS") && run.out().contains("HLT emulation with IRQs enabled"),
                run::toString);
    }

    @Test
    void aSleeperNoRouteReachesEndsHaltedWhenNothingIsLeft() {
        RunResult r = SimRun.run(ScenarioLoader.load(ShippedScenarios.file("interrupt-wake.conf"), List.of(
                "guest.handler=rfc-v2",
                "devices=[{name=edu0, model=edu, base=0xfe000000, interrupts{vector=0x40, cpus=[1]}}]")));
        assertEquals(java.util.Map.of("HALTED", 3L), r.outcomes());
        assertEquals(0, r15(r, 0));
        assertEquals(1, r15(r, 1));
        assertEquals("halted with interrupts enabled: nothing left could wake it",
                r.sample().stream().filter(v -> v.index() == 0).findFirst().orElseThrow().log());
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

    private static RunResult timerWake(String mode, String registers) throws Exception {
        return SimRun.run(ScenarioLoader.load(resource("timer-wake.conf"), List.of("mode=" + mode,
                "vcpus=[{count=1, program=sleeper, registers{" + registers + "}}]")));
    }

    private static io.tdxsim.vmm.DeviceStats device(RunResult r, String name) {
        return r.devices().stream().filter(d -> d.name.equals(name)).findFirst().orElseThrow();
    }

    /** Nothing runs while the vCPU sleeps: the device's timer still fires and its interrupt wakes it. */
    @ParameterizedTest
    @ValueSource(strings = {"deterministic", "stress"})
    void aDeviceTimerWakesTheOnlyVcpuAsleepInHlt(String mode) throws Exception {
        RunResult edu = timerWake(mode, "rbx=0x80, r8=0");
        assertEquals(java.util.Map.of("HALTED", 1L), edu.outcomes());
        assertEquals(1, r15(edu, 0), "the factorial's interrupt ran the handler once");
        assertEquals(1L, device(edu, "edu0").state.get("factorials"));
        assertEquals(1, device(edu, "edu0").timersFired);
        assertEquals(1, edu.vmm().interruptsDelivered);
        assertEquals(1, edu.vmm().halts);
        assertTrue(edu.virtualNanos() > 50_000, "woken at the factorial's end, 50us after it started");
        RunResult hpet = timerWake(mode, "rbx=0x4c, r8=1");
        assertEquals(java.util.Map.of("HALTED", 1L), hpet.outcomes());
        assertEquals(1, r15(hpet, 0), "the first period's interrupt woke it");
        assertEquals(1, device(hpet, "hpet0").timersPending, "the next period, after the vCPU halted for good");
        assertTrue(hpet.accounting().exact(), hpet.accounting().mismatches()::toString);
    }

    /** A firing that wakes no sleeper ends the run: a periodic timer cannot keep it going for ever. */
    @ParameterizedTest
    @ValueSource(strings = {"deterministic", "stress"})
    void aTimerWhoseFiringWakesNobodyEndsTheRun(String mode) throws Exception {
        RunResult edu = timerWake(mode, "rbx=0, r8=0");
        assertEquals(java.util.Map.of("HALTED", 1L), edu.outcomes());
        assertEquals(0, r15(edu, 0));
        assertEquals(1L, device(edu, "edu0").state.get("factorials"), "the timer fired while the vCPU slept");
        assertEquals("halted with interrupts enabled: nothing left could wake it",
                edu.sample().stream().filter(v -> v.index() == 0).findFirst().orElseThrow().log());
        RunResult hpet = timerWake(mode, "rbx=0x48, r8=1");
        assertEquals(java.util.Map.of("HALTED", 1L), hpet.outcomes());
        assertEquals(0, hpet.vmm().interruptsRaised);
        assertEquals(1, device(hpet, "hpet0").timersFired, "one period while asleep, then the run ends");
        assertEquals(1, device(hpet, "hpet0").timersPending);
        // asleep through the firings: the run's virtual time reaches them, as the device state does
        assertTrue(edu.virtualNanos() >= 50_000, () -> "edu: " + edu.virtualNanos());
        assertTrue(hpet.virtualNanos() >= 100_000, () -> "hpet: " + hpet.virtualNanos());
    }

    @Test
    void aTimerWakingASleeperWritesTheSameBytesAtOneTwoAndFourThreads(@TempDir Path tmp) throws Exception {
        DeterminismAcrossThreads.check(resource("timer-wake.conf"), tmp);
    }
}
