package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The end-of-run accounting compares counts kept apart, and so catches a message really lost. */
class AccountingTest {

    @Test
    void aLostAnswerIsCaughtAndNamedByVcpuAndCall() {
        // one vCPU, its 30th answer lost: it waits for ever, the run is stopped by its timeout
        String text = """
                tdxsim {
                  name = lossy
                  vmm.lose-answer-every = 30
                  run.timeout = 2s
                  devices = [ { name = dev, model = scratch, base = 0xfe000000 } ]
                  vcpus = [ { count = 1, workload { targets = [dev], exits = 100 } } ]
                }
                """;
        RunResult r = SimRun.run(ScenarioLoader.fromText(text, "lossy.conf"));
        assertFalse(r.complete());
        assertFalse(r.accounting().exact());
        assertEquals(1, r.accounting().mismatches().size(), () -> r.accounting().mismatches().toString());
        assertEquals("vcpu 0: the VMM answered 30 calls, the vCPU received 29 (the answer to call 30 lost on the way)",
                r.accounting().mismatches().get(0));
        assertEquals(1, r.vmm().lostAnswers);
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        Summary.print(r, new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
        String console = printed.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(console.contains("  accounting: MISMATCH (30 calls issued, 29 answered, 1 in flight)"), console);
        assertTrue(console.contains("the answer to call 30 lost on the way"), console);
    }

    /** 0: an actor per vCPU; 5: ten vCPUs to an actor, held, halted and calling ones side by side. */
    @ParameterizedTest
    @ValueSource(ints = {0, 5})
    void aStoppedRunCountsEveryVcpuOnceAndItsCallsExactly(int vcpuActors) {
        // the horizon stops the run with vCPUs in every state: halted, held, with calls open
        String text = """
                tdxsim {
                  name = stopped
                  run.vcpu-actors = %d
                  run.virtual-duration = 300us
                  devices = [ { name = dev, model = scratch, base = 0xfe000000, service = 2us } ]
                  vcpus = [
                    { count = 40, workload { targets = [dev], exits = 1000000 } }
                    { count = 8, workload { targets = [dev], exits = 2 } }
                  ]
                }
                """.formatted(vcpuActors);
        RunResult r = SimRun.run(ScenarioLoader.fromText(text, "stopped.conf"));
        assertTrue(r.accounting().exact(), () -> r.accounting().mismatches().toString());
        assertEquals(48, r.outcomes().values().stream().mapToLong(Long::longValue).sum());
        assertEquals(8L, r.outcomes().get("HALTED"));
        assertEquals(40L, r.outcomes().get("RUNNING"));
        assertEquals(r.totalExits(), r.accounting().answered(), "exits counted once, by the report and the check");
        assertEquals(r.accounting().issued(),
                r.accounting().answered() + r.accounting().lateAnswers() + r.accounting().inFlight());
    }
}
