package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Results merged by seed: the order they arrive in (workers finish when they finish) changes nothing. */
class ExplorationMergeTest {

    private static final Scenario TWO_DEVICES = ScenarioLoader.fromText("""
            tdxsim {
              devices = [ { name = a, model = scratch, base = 0xfe000000 }, { name = b, model = counter, base = 0xfe001000 } ]
              vcpus = [ { count = 1, workload { targets = [a, b], exits = 1 } } ]
              outcomes { key = "{b.value}", grades = [ { id = "0", grade = ACCEPTABLE }, { id = ".*", grade = ACCEPTABLE_INTERESTING } ] }
            }
            """, "merge.conf");

    private static Exploration.Seed seed(long s) {
        String key = Long.toString(s % 3);
        Scenario.Grade grade = key.equals("0") ? Scenario.Grade.ACCEPTABLE : Scenario.Grade.ACCEPTABLE_INTERESTING;
        return new Exploration.Seed(s, new Campaign.Sample(0, key, grade, key.equals("0") ? "0" : ".*", 0, true, true,
                null, null, null), new long[] {s % 5, s % 7}, s);
    }

    private static String digest(Exploration e) {
        return e.tallies() + "\n" + e.interleavings() + "\n" + e.seeds().stream().map(Exploration.Seed::seed).toList()
                + "\n" + e.notable().stream().map(Exploration.Seed::seed).toList() + "\n" + e.stopped();
    }

    @Test
    void anyArrivalOrderGivesTheExplorationOfSeedOrder() {
        List<Exploration.Seed> inOrder = new ArrayList<>();
        for (long s = 5; s < 45; s++) {
            inOrder.add(seed(s));
        }
        String expected = digest(Exploration.merge(inOrder, TWO_DEVICES, false));
        for (int shuffle = 0; shuffle < 5; shuffle++) {
            List<Exploration.Seed> arrived = new ArrayList<>(inOrder);
            Collections.shuffle(arrived, new Random(shuffle));
            arrived.add(seed(17));                           // a seed run twice (its worker was taken for lost)
            assertEquals(expected, digest(Exploration.merge(arrived, TWO_DEVICES, false)));
        }
        assertEquals("[Tally[key=2, count=14, grade=ACCEPTABLE_INTERESTING, rule=.*, description=], "
                        + "Tally[key=0, count=13, grade=ACCEPTABLE, rule=0, description=], "
                        + "Tally[key=1, count=13, grade=ACCEPTABLE_INTERESTING, rule=.*, description=]]",
                Exploration.merge(inOrder, TWO_DEVICES, false).tallies().toString(),
                "outcomes in the order their first seed shows them: 5 % 3 = 2 first");
    }
}
