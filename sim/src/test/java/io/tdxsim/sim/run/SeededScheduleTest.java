package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.scenario.ScenarioLoader;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * In deterministic mode the seed chooses the schedule: different seeds reach different
 * interleavings of the same program, and one seed always the same one.
 */
class SeededScheduleTest {

    private static final String RACE = """
            tdxsim {
              name = race
              mode = deterministic
              schedule { preemptions = 4, preemption = 40us, within = 300us }
              devices = [ { name = racy, model = counter, base = 0xfe000000 } ]
              vcpus = [ { count = 16, program = inc } ]
            """ + io.tdxsim.sim.RacyIncrement.program("racy", 30, "") + "}\n";

    private static String racyValue(long seed) {
        RunResult r = SimRun.run(ScenarioLoader.fromText(RACE.replace("mode = deterministic",
                "mode = deterministic\n  seed = " + seed), "race.conf"));
        assertTrue(r.accounting().exact());
        return String.valueOf(r.devices().get(0).state.get("value"));
    }

    @Test
    void differentSeedsReachDifferentInterleavingsAndEachSeedTheSameOne() {
        Set<String> values = new HashSet<>();
        for (long seed = 1; seed <= 6; seed++) {
            values.add(racyValue(seed));
        }
        assertTrue(values.size() > 1, () -> "every seed lost the same updates: " + values);
        assertEquals(racyValue(3), racyValue(3));
    }
}
