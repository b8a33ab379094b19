package io.tdxsim.vmm.engine;

import java.util.Arrays;

/**
 * The minimum of many slots' values, kept under updates: an 8-ary tree, so a node's children
 * are eight adjacent longs (one or two cache lines) and a million slots take 7 levels instead
 * of 20. Ties go to the lowest slot, so slots in rank order give the tie rule.
 *
 * <p>An update climbs only as far as it changes something: a value that got smaller goes up
 * while it beats each node's minimum; one that got larger rescans a node's children only where
 * that node's minimum came from it. Single writer; no allocation after construction.
 */
final class MinTree {

    private static final int FAN = 8;
    private static final int SHIFT = 3;

    /** value[0] holds the slots; value[h] the node minima of level h; the last level is the root. */
    private final long[][] value;
    /** slot[h][i]: the lowest slot holding node i's minimum (level 0 needs none: slot i is i). */
    private final int[][] slot;

    /** Slots beyond {@code slots}, up to a multiple of eight, hold {@code padding} and never change. */
    MinTree(int slots, long initial, long padding) {
        int levels = 1;
        for (int n = Math.max(1, slots); n > 1; n = (n + FAN - 1) >>> SHIFT) {
            levels++;
        }
        value = new long[levels][];
        slot = new int[levels][];
        int[] nodes = new int[levels];
        int n = Math.max(1, slots);
        for (int h = 0; h < levels; h++) {
            nodes[h] = n;
            value[h] = new long[h == levels - 1 ? 1 : (n + FAN - 1) & -FAN];
            Arrays.fill(value[h], padding);
            n = (n + FAN - 1) >>> SHIFT;
        }
        Arrays.fill(value[0], 0, slots, initial);
        for (int h = 1; h < levels; h++) {
            slot[h] = new int[value[h].length];
            for (int i = 0; i < nodes[h]; i++) {     // a padding node is never the lowest: its first sibling is real
                rescan(h, i);
            }
        }
    }

    long min() {
        return value[value.length - 1][0];
    }

    /** The lowest slot that holds {@link #min()}. */
    int minSlot() {
        return value.length == 1 ? 0 : slot[value.length - 1][0];
    }

    long get(int i) {
        return value[0][i];
    }

    void set(int i, long v) {
        value[0][i] = v;
        int changedSlot = i;
        long changed = v;
        for (int h = 1; h < value.length; h++) {
            int node = i >>> SHIFT;
            long nodeMin = value[h][node];
            int nodeSlot = slot[h][node];
            if (changed < nodeMin || (changed == nodeMin && changedSlot < nodeSlot)) {
                value[h][node] = changed;           // the child now beats the node's old minimum
                slot[h][node] = changedSlot;
            } else if (nodeSlot >>> (SHIFT * (h - 1)) == i) {
                rescan(h, node);                    // the node's minimum came from this child, which grew
                if (value[h][node] == nodeMin && slot[h][node] == nodeSlot) {
                    return;
                }
                changed = value[h][node];
                changedSlot = slot[h][node];
            } else {
                return;                             // another child holds the minimum, and still beats it
            }
            i = node;
        }
    }

    /** Node {@code node} of level {@code h} from its eight children; strict less keeps the lowest slot. */
    private void rescan(int h, int node) {
        long[] below = value[h - 1];
        int first = node << SHIFT;
        long best = below[first];
        int at = first;
        for (int c = first + 1; c < first + FAN; c++) {
            if (below[c] < best) {
                best = below[c];
                at = c;
            }
        }
        value[h][node] = best;
        slot[h][node] = h == 1 ? at : slot[h - 1][at];
    }
}
