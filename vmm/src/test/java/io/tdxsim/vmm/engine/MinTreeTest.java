package io.tdxsim.vmm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MinTreeTest {

    private static final long NEVER = Long.MAX_VALUE;

    @Test
    void minimumAndLowestSlotMatchAFullScanAfterEveryUpdate() {
        SplittableRandom random = new SplittableRandom(7);
        for (int slots : new int[] {1, 2, 7, 8, 9, 63, 64, 65, 511, 513, 4097}) {
            MinTree tree = new MinTree(slots, 10, NEVER);
            long[] model = new long[slots];
            java.util.Arrays.fill(model, 10);
            for (int step = 0; step < 20_000; step++) {
                int i = random.nextInt(slots);
                // few distinct values, so ties between slots are common; NEVER as a finished source
                long v = random.nextInt(10) == 0 ? NEVER : random.nextInt(40);
                tree.set(i, v);
                model[i] = v;
                int lowest = 0;
                for (int s = 1; s < slots; s++) {
                    if (model[s] < model[lowest]) {
                        lowest = s;
                    }
                }
                assertEquals(model[lowest], tree.min(), slots + " slots, step " + step);
                assertEquals(lowest, tree.minSlot(), slots + " slots, step " + step);
                assertEquals(v, tree.get(i));
            }
        }
    }

    @Test
    void everySlotAtNeverLeavesNeverAsTheMinimum() {
        MinTree tree = new MinTree(20, 5, NEVER);
        for (int i = 0; i < 20; i++) {
            tree.set(i, NEVER);
        }
        assertEquals(NEVER, tree.min());
        tree.set(13, 4);
        assertEquals(4, tree.min());
        assertEquals(13, tree.minSlot());
    }
}
