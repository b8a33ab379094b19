package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vmm.DeviceStats;
import org.junit.jupiter.api.Test;

/** Each injected fault: the run completes, every exit is accounted for, the fault is named. */
class FaultInjectionTest {

    private static final int VCPUS = 4;
    private static final int EXITS = 100;

    private static RunResult run(String deviceExtra, String vmmExtra) {
        return run("model = scratch", deviceExtra, vmmExtra);
    }

    private static RunResult run(String model, String deviceExtra, String vmmExtra) {
        String text = """
                tdxsim {
                  name = faults
                  guest.handler = architectural
                  vmm { %s }
                  devices = [ { name = dev, %s, base = 0xfe000000, service = 500ns %s } ]
                  vcpus = [ { count = %d, workload { targets = [dev], read = 50%%, sizes = [4], exits = %d } } ]
                  run.timeout = 60s
                }
                """.formatted(vmmExtra, model, deviceExtra.isEmpty() ? "" : ", " + deviceExtra, VCPUS, EXITS);
        RunResult r = SimRun.run(ScenarioLoader.fromText(text, "faults.conf"));
        assertTrue(r.complete(), "the run completes despite the fault");
        assertTrue(r.accounting().exact(), () -> "accounting: " + r.accounting().mismatches());
        assertEquals((long) VCPUS * EXITS, r.accounting().issued());
        assertEquals(r.accounting().issued(), r.accounting().answered());
        return r;
    }

    private static DeviceStats dev(RunResult r) {
        return r.devices().get(0);
    }

    /** Injected throws never reach the model: the DEVICE_ERROR path without a real exception. */
    @Test
    void anInjectedThrowOnEveryTenthAccessFailsExactlyThoseExits() {
        RunResult r = run("faults { throw-every = 10 }", "");
        assertEquals(VCPUS * EXITS / 10, dev(r).failures);
        assertEquals(VCPUS * EXITS / 10, r.exits().total().failed.sum());
        assertNotNull(dev(r).firstFailure);
        assertTrue(dev(r).firstFailure.contains("access 10"), dev(r).firstFailure);
    }

    /** The model's own code throws: the device actor catches it, answers an error and names it. */
    @Test
    void aModelThatThrowsFailsEveryExitItServesAndNamesTheException() {
        RunResult r = run("class = \"io.tdxsim.sim.run.ThrowingDevice\"", "", "");
        assertEquals((long) VCPUS * EXITS, dev(r).failures, "every access reached the model and failed");
        assertEquals((long) VCPUS * EXITS, r.exits().total().failed.sum());
        assertTrue(dev(r).firstFailure.contains(ThrowingDevice.MESSAGE), dev(r).firstFailure);
    }

    @Test
    void restartPolicyRebuildsTheModelAfterEachFailure() {
        RunResult r = run("on-failure = restart, faults { throw-probability = 0.05 }", "");
        assertTrue(dev(r).failures > 0);
        assertEquals(dev(r).failures, dev(r).restarts);
    }

    @Test
    void delayedServiceAddsItsTimeToEveryAccess() {
        RunResult r = run("faults { delay = 5us }", "");
        assertEquals((long) VCPUS * EXITS * (500 + 5000), dev(r).busyNs);
    }

    @Test
    void aDeviceThatNeverAnswersIsTimedOutByTheVmm() {
        RunResult r = run("faults { drop-every = 25 }", "device-timeout = 50ms");
        long dropped = VCPUS * EXITS / 25;
        assertEquals(dropped, dev(r).dropped);
        assertEquals(dropped, r.vmm().timeouts);
        assertEquals(dropped, r.exits().total().failed.sum());
    }

    @Test
    void aSecondAnswerIsDetectedAndNeverApplied() {
        RunResult r = run("faults { duplicate-every = 10 }", "");
        assertEquals(VCPUS * EXITS / 10, dev(r).duplicated);
        assertEquals(VCPUS * EXITS / 10, r.vmm().duplicateAnswers);
        assertEquals((long) VCPUS * EXITS, r.exits().total().exits(), "each exit completes once");
    }

    @Test
    void aVmmRestartMidRunLosesNoCall() {
        RunResult r = run("", "restart-after-calls = 150");
        assertEquals(1, r.vmm().restarts);
        assertEquals((long) VCPUS * EXITS, r.vmm().calls);
        assertEquals(0, r.exits().total().failed.sum());
    }

    @Test
    void stoppingARunMidwayReportsItIncompleteWithExactAccounting() throws Exception {
        String text = """
                tdxsim {
                  name = endless
                  guest.handler = architectural
                  devices = [ { name = dev, class = "io.tdxsim.sim.run.CountingDevice", base = 0xfe000000 } ]
                  vcpus = [ { count = 16, workload { targets = [dev], exits = 1000000000 } } ]
                  run.max-instructions = 100000000000
                }
                """;
        long before = CountingDevice.ACCESSES.get();
        Thread stopper = new Thread(() -> {
            try {
                CountingDevice.awaitMoreThan(before, 1000);     // under way, however fast or slow the machine
            } catch (InterruptedException e) {
                return;
            }
            SimRun.interrupt();
        });
        stopper.start();
        RunResult r = SimRun.run(ScenarioLoader.fromText(text, "endless.conf"));
        stopper.join();
        assertFalse(r.complete());
        assertEquals(16L, r.outcomes().get("RUNNING"));
        assertTrue(r.accounting().exact(), () -> "accounting: " + r.accounting().mismatches());
        assertTrue(r.accounting().answered() > 0);
        assertEquals(r.accounting().issued(), r.accounting().answered() + r.accounting().lateAnswers() + r.accounting().inFlight());
    }

    @Test
    void aRunWithAPlannedDurationStopsCompleteAndSamplesTheHeap() {
        String text = """
                tdxsim {
                  name = soak
                  devices = [ { name = dev, model = scratch, base = 0xfe000000 } ]
                  vcpus = [ { count = 8, workload { targets = [dev], exits = 1000000000 } } ]
                  run { duration = 2s, sample-interval = 200ms, max-instructions = 100000000000 }
                }
                """;
        RunResult r = SimRun.run(ScenarioLoader.fromText(text, "soak.conf"));
        assertTrue(r.complete(), "a planned stop is a complete run");
        assertEquals(8L, r.outcomes().get("RUNNING"));
        assertTrue(r.accounting().exact(), () -> "accounting: " + r.accounting().mismatches());
        // The sampler sleeps at least its interval between samples, so the run's wall time bounds
        // how many there can be; how many there are on a loaded machine is not for a unit test.
        long interval = 200;
        // (plus the one taken as the run stops)
        long atMost = r.wallNanos() / 1_000_000 / interval + 2;
        assertTrue(r.samples().size() >= 2 && r.samples().size() <= atMost, () -> "samples: " + r.samples());
        for (int i = 1; i < r.samples().size() - 1; i++) {
            RunResult.Sample prev = r.samples().get(i - 1);
            RunResult.Sample next = r.samples().get(i);
            assertTrue(next.wallMs() - prev.wallMs() >= interval, () -> "samples too close: " + r.samples());
        }
        for (int i = 1; i < r.samples().size(); i++) {
            long prev = r.samples().get(i - 1).exits();
            assertTrue(r.samples().get(i).exits() >= prev, () -> "exits went back: " + r.samples());
        }
    }
}
