package io.tdxsim.vmm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SourceHeapTest {

    private record Key(long vt, int rank, int source) { }

    @Test
    void popsInVirtualTimeThenRankOrderLikeAPriorityQueueAlsoAfterRemovals() {
        SplittableRandom random = new SplittableRandom(11);
        Comparator<Key> order = Comparator.comparingLong(Key::vt).thenComparingInt(Key::rank);
        for (int capacity : new int[] {1, 2, 5, 17, 300}) {
            SourceHeap heap = new SourceHeap(capacity);
            PriorityQueue<Key> model = new PriorityQueue<>(order);
            int next = 0;
            for (int step = 0; step < 20_000; step++) {
                if (heap.size() < capacity && (heap.size() == 0 || random.nextBoolean())) {
                    // ranks are distinct, as the sources' are; times repeat, so ties are common
                    Key k = new Key(random.nextInt(50), next, next);
                    next++;
                    heap.push(k.source(), k.vt(), k.rank());
                    model.add(k);
                } else if (random.nextInt(4) == 0) {
                    // take back an arbitrary entry, as a moved device timer is
                    Key k = model.stream().skip(random.nextInt(model.size())).findFirst().orElseThrow();
                    model.remove(k);
                    heap.remove(k.source());
                } else {
                    Key k = model.poll();
                    assertEquals(k.source(), heap.topSource(), "step " + step);
                    assertEquals(k.vt(), heap.topVt());
                    assertEquals(k.rank(), heap.topRank());
                    heap.pop();
                }
                assertEquals(model.size(), heap.size());
            }
        }
    }
}
