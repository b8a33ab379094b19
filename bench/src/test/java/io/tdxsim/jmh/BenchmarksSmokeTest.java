package io.tdxsim.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each benchmark body runs and does what it claims; no timing here (that is JMH's job). */
class BenchmarksSmokeTest {

    @Test
    void decoderPassCoversTheWholeMix() throws Exception {
        DecoderBenchmark b = new DecoderBenchmark();
        b.setup();
        assertEquals(b.streamLength(), b.decodeMix());
    }

    @Test
    void everyCallOfTheExitPathCompletesOneExit() throws Exception {
        ExitPathBenchmark b = new ExitPathBenchmark();
        b.setup();
        long first = b.exit();
        for (int i = 0; i < 999; i++) {
            b.exit();
        }
        assertEquals(1000, b.calls());
        assertTrue(first != 0);
        // five exits per iteration: the 1000th is the last one of iteration 200, before its `dec ecx`
        assertEquals(1000 - 199, b.registers().gpr[1] & 0xFFFF_FFFFL);
        // and the last exit, a movzx of the 16-bit value written in that iteration, read it back
        assertEquals(801, b.registers().gpr[0]);
    }

    @Test
    void theReleaseRuleKeepsEveryVcpuInFlight() {
        for (long window : new long[] {0, 500}) {
            EngineBenchmark b = new EngineBenchmark();
            b.vcpus = 64;
            b.windowNs = window;
            b.setup();
            for (int i = 0; i < 10_000; i++) {
                b.releaseOneCall();                  // throws if the queue ever ran dry
            }
            long served = b.serveOneCall();
            assertTrue(b.serveOneCall() >= served, "a server never starts a call before the one before it");
        }
    }
}
