package io.tdxsim.sim.cluster;

import io.tdxsim.vcpu.WriteObserver;
import java.util.ArrayList;
import java.util.List;

/**
 * The home node's record of a split run's writes to guest memory (outside the stacks), in the
 * order they were made: the home node's own (its vCPUs' memory turns, and device DMA) as they
 * happen, and each other node's turn as it ends. Turns are granted one at a time, so this order
 * is the order of the turns. A node is sent, before each of its turns, what it has not seen yet.
 * Written by the home node's vCPU and device threads and read by the hub, hence synchronized.
 */
final class WriteLog implements WriteObserver {

    /** One node's writes (gpa, size, value triples); {@code origin} null for the home node's. */
    private record Chunk(Object origin, long[] writes) { }

    private final List<Chunk> chunks = new ArrayList<>();
    /** Chunks dropped from the front because every node had them. */
    private long dropped;
    private long[] home = new long[48];
    private int homeLength;

    @Override
    public synchronized void wrote(long gpa, int size, long value) {
        if (homeLength + 3 > home.length) {
            home = java.util.Arrays.copyOf(home, home.length * 2);
        }
        home[homeLength++] = gpa;
        home[homeLength++] = size;
        home[homeLength++] = value;
    }

    /** Appends another node's writes, after the home node's so far. */
    synchronized void add(Object origin, long[] writes) {
        sealHome();
        if (writes.length > 0) {
            chunks.add(new Chunk(origin, writes));
        }
    }

    /** The position after every write so far. */
    synchronized long end() {
        sealHome();
        return dropped + chunks.size();
    }

    /** The writes from position {@code from} to the end that {@code reader} did not make itself. */
    synchronized long[] since(long from, Object reader) {
        sealHome();
        int length = 0;
        for (int i = (int) (from - dropped); i < chunks.size(); i++) {
            length += chunks.get(i).origin() == reader ? 0 : chunks.get(i).writes().length;
        }
        long[] out = new long[length];
        int at = 0;
        for (int i = (int) (from - dropped); i < chunks.size(); i++) {
            Chunk c = chunks.get(i);
            if (c.origin() != reader) {
                System.arraycopy(c.writes(), 0, out, at, c.writes().length);
                at += c.writes().length;
            }
        }
        return out;
    }

    /** Every node has seen everything before {@code position}: it need not be kept. */
    synchronized void seenBy(long position) {
        int n = (int) Math.min(position - dropped, chunks.size());
        if (n > 0) {
            chunks.subList(0, n).clear();
            dropped += n;
        }
    }

    private void sealHome() {
        if (homeLength > 0) {
            chunks.add(new Chunk(null, java.util.Arrays.copyOf(home, homeLength)));
            homeLength = 0;
        }
    }
}
