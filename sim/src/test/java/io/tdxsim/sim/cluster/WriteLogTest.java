package io.tdxsim.sim.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** A node is sent every write it has not seen, in the order made, but never its own. */
class WriteLogTest {

    @Test
    void eachNodeGetsTheOthersWritesInOrder() {
        WriteLog log = new WriteLog();
        Object b = "node b";
        Object c = "node c";
        log.wrote(0x1000, 4, 1);                         // a home turn
        log.add(b, new long[] {0x1000, 4, 2});           // b's turn
        long bSaw = log.end();
        log.wrote(0x1008, 8, 3);                         // home again, then c
        log.add(c, new long[] {0x1000, 4, 4, 0x2000, 1, 5});
        assertArrayEquals(new long[] {0x1000, 4, 1, 0x1008, 8, 3, 0x1000, 4, 4, 0x2000, 1, 5}, log.since(0, b));
        assertArrayEquals(new long[] {0x1008, 8, 3, 0x1000, 4, 4, 0x2000, 1, 5}, log.since(bSaw, b));
        assertArrayEquals(new long[] {0x1000, 4, 1, 0x1000, 4, 2, 0x1008, 8, 3}, log.since(0, c));
        long end = log.end();
        log.seenBy(bSaw);                                // what every node had is dropped, positions hold
        assertArrayEquals(new long[] {0x1008, 8, 3}, log.since(bSaw, c));
        assertArrayEquals(new long[0], log.since(end, b));
    }
}
