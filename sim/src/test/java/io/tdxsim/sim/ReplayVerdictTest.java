package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.run.ReplayRecording;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** replay: a verdict on the whole served order, its own report files, and a stall named at once. */
class ReplayVerdictTest {

    private static final String SCENARIO = """
            tdxsim {
              name = two
              devices = [ { name = dev, model = scratch, base = 0xfe000000 } ]
              vcpus = [ { count = 2, workload { targets = [dev], read = 50%, exits = 20 } } ]
            }
            """;

    private static Path recorded(Path tmp) throws Exception {
        Path file = tmp.resolve("two.conf");
        Files.writeString(file, SCENARIO);
        Path out = tmp.resolve("run");
        Cli.Outcome run = Cli.execute("run", "--no-progress", "--out", out.toString(), file.toString());
        assertEquals(0, run.exit(), run::toString);
        return out;
    }

    @Test
    void aFaithfulReplayReproducesTheServedOrderAndWritesItsReport(@TempDir Path tmp) throws Exception {
        Path out = recorded(tmp);
        Cli.Outcome replay = Cli.execute("replay", out.toString());
        assertEquals(0, replay.exit(), replay::toString);
        assertTrue(replay.out().contains("-> reproduced"), replay::toString);
        assertTrue(Files.isRegularFile(out.resolve("replay-0").resolve("report.json")));
        assertTrue(Files.isRegularFile(out.resolve("replay-0").resolve("trace.json")));
    }

    @Test
    void aRecordingThatCannotBeFollowedStallsAtOnceAndSaysWhere(@TempDir Path tmp) throws Exception {
        Path out = recorded(tmp);
        Path file = out.resolve(ReplayRecording.fileName(0));
        ReplayRecording.Recorded rec = ReplayRecording.read(file);
        long[] order = rec.schedules()[0];
        // vCPU 0's second call recorded before its first: the device holds the first for ever
        int first = -1;
        int second = -1;
        for (int i = 0; i < order.length; i++) {
            if (order[i] == io.tdxsim.vmm.ServiceOrder.key(0, 1)) {
                first = i;
            } else if (order[i] == io.tdxsim.vmm.ServiceOrder.key(0, 2)) {
                second = i;
            }
        }
        long t = order[first];
        order[first] = order[second];
        order[second] = t;
        try (OutputStream raw = Files.newOutputStream(file); DataOutputStream o = new DataOutputStream(raw)) {
            o.writeUTF("tdxsim-schedule/2");
            o.writeInt(rec.run());
            o.writeUTF(rec.key());
            o.writeUTF(rec.grade());
            o.writeInt(1);
            o.writeUTF(rec.devices().get(0));
            o.writeInt(order.length);
            for (long key : order) {
                o.writeLong(key);
            }
            o.writeUTF(rec.states().get(0));
        }
        // a replay that waited for its timeout would end "stopped", not "stalled"
        Cli.Outcome replay = Cli.execute("replay", "--timeout", "5m", out.toString());
        assertEquals(1, replay.exit(), replay::toString);
        assertTrue(replay.out().contains("-> NOT reproduced"), replay::toString);
        assertTrue(replay.out().contains("stalled: no recorded call could arrive any more: dev served "),
                replay::toString);
        assertTrue(replay.out().contains("waits for vcpu 0 call 2, holds vcpu 0 call 1"), replay::toString);
    }
}
