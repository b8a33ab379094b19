package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vmm.DeviceStats;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Stress mode's spinners wait for the slowest vCPU's published clock and are woken only when a
 * clock moves, with no wall-clock timer behind them: each of these runs used to stall for ever
 * (the run's timeout then stops it with vCPUs still RUNNING). Each runs on one and on two
 * dispatcher threads, several times, since the interleavings differ from run to run.
 */
class SpinnerWakeTest {

    /** A run that stalls stops after this and fails the HALTED count, instead of hanging the suite. */
    private static final String TIMEOUT = "run.timeout = 60s\n";

    private static RunResult run(int threads, String body) {
        return SimRun.run(ScenarioLoader.fromText("tdxsim {\n name = wake\n mode = stress\n" + TIMEOUT
                + "run.dispatcher-threads = " + threads + "\n" + body + "\n}\n", "wake.conf"));
    }

    private static long counter(RunResult r) {
        DeviceStats d = r.devices().stream().filter(x -> x.name.equals("counter0")).findFirst().orElseThrow();
        return ((Number) d.state.get("value")).longValue();
    }

    /**
     * Every call is delayed by up to 20us after the vCPU's handler made it (the seed's jitter), far
     * more than the spinners' 2us quantum. The lock holder's clock must be the time its call goes
     * out: at the handler's time, the spinners stopped 2us past it and their progress never
     * reached the call, which the engine therefore held for ever.
     */
    @RepeatedTest(4)
    void aCallDelayedLongAfterItsHandlerDoesNotStallTheSpinners() {
        for (int threads = 1; threads <= 2; threads++) {
            RunResult r = run(threads, """
                    schedule.jitter = 20us
                    devices = [ { name = counter0, model = counter, base = 0xfe000000, service = 300ns } ]
                    vcpus = [ { count = 8, program = locked, registers { rcx = 10 } } ]
                    """ + SharedMemoryTest.SPINLOCK);
            assertEquals(8L, r.outcomes().get("HALTED"), threads + " thread(s): " + r.outcomes());
            assertEquals(80, counter(r), "no increment lost under the lock");
        }
    }

    /**
     * vCPU 0 halts at once, before any vCPU spins; the others run 4,000 instructions first, so
     * their first call reaches the engine after vCPU 0 ended. Its end must count among the
     * clocks the spinners wait for although no vCPU had spun when it came: left at 0, it held
     * every spinner back for ever.
     */
    @RepeatedTest(4)
    void aVcpuThatEndedBeforeAnyoneSpunDoesNotHoldTheSpinnersBack() {
        for (int threads = 1; threads <= 2; threads++) {
            RunResult r = run(threads, """
                    devices = [ { name = counter0, model = counter, base = 0xfe000000, service = 300ns } ]
                    vcpus = [ { count = 1, program = quick }, { count = 8, program = late, registers { rcx = 10 } } ]
                    programs.quick = "hlt"
                    programs.late = \"\"\"
                        mov rdi, 0xffffc90000001000
                        mov rbx, counter0
                        mov edx, 2000
                    warm:
                        dec edx
                        jnz warm
                        mov eax, dword [rbx]
                    again:
                        mov eax, 1
                    spin:
                        xchg eax, dword [rdi]
                        test eax, eax
                        jz got
                        pause
                        jmp spin
                    got:
                        mov eax, dword [rbx]
                        inc eax
                        mov dword [rbx], eax
                        mov dword [rdi], 0
                        dec ecx
                        jnz again
                        hlt
                    \"\"\"
                    """);
            assertEquals(9L, r.outcomes().get("HALTED"), threads + " thread(s): " + r.outcomes());
            assertEquals(80, counter(r), "no increment lost under the lock");
        }
    }

    /**
     * A virtual-time horizon that falls while one vCPU holds the lock: its next call is held at
     * the horizon, and the spinners, which make no call, pass it. They count as held there too,
     * so the run ends at the horizon instead of waiting for them (it stalled until the timeout).
     */
    @RepeatedTest(2)
    void spinnersPastTheHorizonEndTheRunThere() {
        for (int threads = 1; threads <= 2; threads++) {
            long t0 = System.nanoTime();
            RunResult r = run(threads, """
                    run.virtual-duration = 50us
                    devices = [ { name = counter0, model = counter, base = 0xfe000000, service = 300ns } ]
                    vcpus = [ { count = 8, program = locked, registers { rcx = 10 } } ]
                    """ + SharedMemoryTest.SPINLOCK);
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(8L, r.outcomes().getOrDefault("RUNNING", 0L) + r.outcomes().getOrDefault("HALTED", 0L),
                    r.outcomes()::toString);
            assertTrue(r.outcomes().getOrDefault("RUNNING", 0L) > 0, "the horizon came before the last increment");
            assertTrue(wallMs < 30_000, "ended at the horizon, not at the 60 s timeout: " + wallMs + " ms");
            assertTrue(r.virtualNanos() >= 50_000 && counter(r) < 80, r.virtualNanos() + " ns, " + counter(r));
        }
    }
}
