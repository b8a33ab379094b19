package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The exit log keeps the first exits in virtual-time order, whichever threads wrote them in whatever order. */
class ExitLogTest {

    private static void add(ExitLog log, int vcpu, long seq, long exitVt) {
        log.add(vcpu, seq, 0, seq % 2 == 0, 4, 0xfe000000L + vcpu, false, exitVt, exitVt + 1, exitVt + 2,
                exitVt + 3, exitVt + 4, exitVt + 5);
    }

    @Test
    void keepsTheEarliestAcrossThreadsAndCountsTheRest() throws Exception {
        ExitLog log = new ExitLog(5);
        List<long[]> exits = new ArrayList<>();
        for (int v = 0; v < 4; v++) {
            for (int s = 1; s <= 40; s++) {
                exits.add(new long[] {v, s, 1000L * s + 7 * v});
            }
        }
        Collections.shuffle(exits, new Random(3));
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int part = t;
            writers.add(new Thread(() -> {
                for (int i = part; i < exits.size(); i += 3) {
                    long[] e = exits.get(i);
                    add(log, (int) e[0], e[1], e[2]);
                }
            }));
        }
        for (Thread w : writers) {
            w.start();
        }
        for (Thread w : writers) {
            w.join();
        }
        assertEquals(5, log.size());
        assertEquals(160 - 5, log.dropped());
        long[] expected = {1000, 1007, 1014, 1021, 2000};
        for (int i = 0; i < 5; i++) {
            ExitLog.Row r = log.row(i);
            assertEquals(expected[i], r.exitVt());
            assertEquals(r.exitVt() + 5, r.resumeVt());
            assertEquals(4, r.size());
            assertEquals(r.seq() % 2 == 0, r.write());
        }
    }

    @Test
    void aZeroCapacityKeepsNothingAndCountsEverything() {
        ExitLog log = new ExitLog(0);
        add(log, 0, 1, 10);
        assertEquals(0, log.size());
        assertEquals(1, log.dropped());
    }
}
