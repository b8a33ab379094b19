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
        siftUp(size++, s, v, r);
    }

    /** Removes the top; the caller read it first. */
    void pop() {
        removeAt(0);
    }

    /** Removes source {@code s}'s entry; linear in the size (for rare corrections, not the release path). */
    void remove(int s) {
        for (int at = 0; at < size; at++) {
            if (source[at] == s) {
                removeAt(at);
                return;
            }
        }
        throw new IllegalArgumentException("source " + s + " is not in the heap");
    }

    private void removeAt(int at) {
        int last = --size;
        if (at == last) {
            return;
        }
        long v = vt[last];
        int r = rank[last];
        int s = source[last];
        if (at > 0 && before(v, r, vt[(at - 1) >>> 2], rank[(at - 1) >>> 2])) {
            siftUp(at, s, v, r);          // the last entry can beat the removed one's parent
        } else {
            siftDown(at, s, v, r);
        }
    }

    private void siftUp(int at, int s, long v, int r) {
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

    private void siftDown(int at, int s, long v, int r) {
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

    static boolean before(long va, int ra, long vb, int rb) {
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
