package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vmm.DeviceStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** conf/bounce-buffer.conf: DMA through shared pages works, DMA from private RAM is refused. */
class BounceBufferScenarioTest {

    private static DeviceStats device(RunResult r, String name) {
        return r.devices().stream().filter(s -> s.name.equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theBouncedDataMakesTheRoundTripEachTransferEndingOnItsTimer() {
        RunResult r = SimRun.run(ScenarioLoader.load(ShippedScenarios.file("bounce-buffer.conf"),
                List.of()));
        assertTrue(r.complete());
        DeviceStats edu0 = device(r, "edu0");
        assertEquals(1, edu0.dmaReads);
        assertEquals(1, edu0.dmaWrites);
        assertEquals(512, edu0.dmaBytes);
        assertEquals(0, edu0.dmaRefused);
        assertEquals(2, edu0.timersFired, "each transfer ends on a device timer");
        assertEquals(0, edu0.timersPending);
        assertEquals(500, edu0.serviceNs.getMaxValue(), "the command write costs the service only");
        assertTrue(edu0.reads >= 2, "the driver polled DMA_CMD until START cleared");
        assertEquals(0x1122334511223344L, r.sample().stream().filter(v -> v.index() == 0).findFirst().orElseThrow()
                .gprs()[Gpr.RAX.number()]);
        DeviceStats edu1 = device(r, "edu1");
        assertEquals(1, edu1.dmaRefused);
        assertEquals(0, edu1.dmaBytes);
        assertEquals(0, r.vmm().lookaheadMisses);
    }

    /** With the bounce buffers private too, no DMA gets through and the scenario's grade says FORBIDDEN. */
    @Test
    void withPrivateBounceBuffersTheRunIsGradedForbidden(@org.junit.jupiter.api.io.TempDir java.nio.file.Path out) {
        Cli.Outcome o = Cli.execute("run", "--no-progress", "--out", out.toString(), "--set",
                "guest.pages=[{base=0x8000000,size=8KiB,attribute=private}]",
                ShippedScenarios.file("bounce-buffer.conf").toString());
        assertEquals(1, o.exit(), o::toString);
        assertTrue(o.out().contains("edu0: DMA 0 reads, 0 writes, 0 bytes, 2 refused"), o::toString);
        assertTrue(o.out().contains("FORBIDDEN"), o::toString);
    }

    /** The report shows the bounce's cost (vCPU 0's instructions and time) and the refused DMA. */
    @Test
    void theReportShowsWhatTheBounceCostsAndTheRefusedTransfer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        long[] vt = new long[2];
        String[] costs = {"1ns", "3ns"};
        for (int i = 0; i < costs.length; i++) {
            java.nio.file.Path out = tmp.resolve(costs[i]);
            Cli.Outcome o = Cli.execute("run", "--no-progress", "--out", out.toString(),
                    "--set", "costs.instruction=" + costs[i], ShippedScenarios.file("bounce-buffer.conf").toString());
            assertEquals(0, o.exit(), o::toString);
            assertTrue(o.out().contains("edu0: DMA 1 reads, 1 writes, 512 bytes, 0 refused"), o::toString);
            assertTrue(o.out().contains("edu1: DMA 0 reads, 0 writes, 0 bytes, 1 refused"), o::toString);
            com.fasterxml.jackson.databind.JsonNode report =
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("report.json").toFile());
            assertEquals(1, report.get("devices").get(1).get("dma").get("refused").asLong());
            com.fasterxml.jackson.databind.JsonNode vcpu0 = report.get("vcpu-sample").get(0);
            // 323 to fill the private data, 2 x 259 for the copies (256 byte steps each), 17 for the DMA and its polls
            assertEquals(858, vcpu0.get("instructions").asLong());
            assertEquals(9, vcpu0.get("exits").asLong());
            vt[i] = vcpu0.get("vt-ns").asLong();
            assertTrue(java.nio.file.Files.readString(out.resolve("report.html")).contains(">858<"),
                    "the HTML report's vCPU table shows the instructions");
        }
        assertEquals(2 * 858, vt[1] - vt[0], "every instruction, the copies' 512 included, costs its time");
    }
}
