package io.tdxsim.vmm.engine;

/**
 * Sources with an arrived event, ordered by (virtual time, rank): a 4-ary heap whose keys sit in
 * the heap's own arrays, so comparing a node's four children reads adjacent slots instead of
 * looking each source up elsewhere (at a million sources every such lookup misses the cache),
 * and the heap is half as deep as a binary one. Single writer; no allocation after construction.
 */
final class SourceHeap {

    private final long[] vt;
    private final int[] rank;
    private final int[] source;
    private int size;

    SourceHeap(int capacity) {
        vt = new long[capacity];
        rank = new int[capacity];
        source = new int[capacity];
    }

    int size() {
        return size;
    }

    int topSource() {
        return source[0];
    }

    long topVt() {
        return vt[0];
    }

    int topRank() {
        return rank[0];
    }

    void push(int s, long v, int r) {
        int at = size++;
        while (at > 0) {
            int parent = (at - 1) >>> 2;
            if (!before(v, r, vt[parent], rank[parent])) {
                break;
            }
            move(parent, at);
            at = parent;
        }
        put(at, s, v, r);
    }

    /** Removes the top; the caller read it first. */
    void pop() {
        int last = --size;
        if (last == 0) {
            return;
        }
        long v = vt[last];
        int r = rank[last];
        int s = source[last];
        int at = 0;
        while (true) {
            int first = 4 * at + 1;
            if (first >= size) {
                break;
            }
            int best = first;
            int end = Math.min(first + 4, size);
            for (int c = first + 1; c < end; c++) {
                if (before(vt[c], rank[c], vt[best], rank[best])) {
                    best = c;
                }
            }
            if (!before(vt[best], rank[best], v, r)) {
                break;
            }
            move(best, at);
            at = best;
        }
        put(at, s, v, r);
    }

    private static boolean before(long va, int ra, long vb, int rb) {
        return va < vb || (va == vb && ra < rb);
    }

    private void move(int from, int to) {
        vt[to] = vt[from];
        rank[to] = rank[from];
        source[to] = source[from];
    }

    private void put(int at, int s, long v, int r) {
        vt[at] = v;
        rank[at] = r;
        source[at] = s;
    }
}
