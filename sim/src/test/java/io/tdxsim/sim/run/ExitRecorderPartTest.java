package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What two recorders count apart (a split run's two nodes) adds up to what one recorder counts of it all. */
class ExitRecorderPartTest {

    private static void exit(ExitRecorder r, int vcpu, long seq, int device, boolean write, long status) {
        long at = 1_000L * seq + 13L * vcpu;
        r.exitCompleted(vcpu, seq, device, write, 4, 0xfe000000L, at, at + 10, at + 20, device < 0 ? -1 : at + 30,
                at + 40 + vcpu, at + 50 + 7L * seq, status);
    }

    private static List<Object> figures(ExitRecorder r) {
        List<Object> f = new ArrayList<>();
        for (int d = 0; d < 2; d++) {
            ExitRecorder.Bucket b = r.device(d);
            f.add(List.of(b.reads.sum(), b.writes.sum(), b.failed.sum(), b.latencyNs.getTotalCount(),
                    b.latencyNs.getValueAtPercentile(50), b.latencyNs.getValueAtPercentile(99), b.latencyNs.getMaxValue()));
        }
        f.add(r.unserved().exits());
        for (int i = 0; i < r.log().size(); i++) {
            f.add(r.log().row(i));
        }
        f.add(r.log().dropped());
        return f;
    }

    @Test
    void anAbsorbedPartCountsAsIfRecordedHere() {
        ExitRecorder one = new ExitRecorder(2, 7);
        ExitRecorder home = new ExitRecorder(2, 7);
        ExitRecorder worker = new ExitRecorder(2, 7);
        for (int v = 0; v < 6; v++) {
            for (int s = 1; s <= 9; s++) {
                int device = (v + s) % 5 == 0 ? -1 : (v + s) % 2;
                boolean write = s % 3 == 0;
                long status = s == 4 ? 1 : 0;
                exit(one, v, s, device, write, status);
                exit(v < 3 ? home : worker, v, s, device, write, status);
            }
        }
        home.absorb(worker.part());
        assertEquals(figures(one), figures(home));
        assertEquals(7, home.log().size());
    }
}
