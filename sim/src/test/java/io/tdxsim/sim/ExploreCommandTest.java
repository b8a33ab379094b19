package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** explore: seeds graded as jcstress grades them, the same at any parallelism, each seed reproducible. */
class ExploreCommandTest {

    private static final String RACE = """
            tdxsim {
              name = race
              schedule { preemptions = 3, preemption = 40us, within = 300us }
              devices = [ { name = racy, model = counter, base = 0xfe000000 } ]
              vcpus = [ { count = 8, program = inc } ]
              outcomes {
                key = "{racy.value}/{racy.writes}"
                grades = [
                  { id = "([0-9]+)/\\\\1", grade = ACCEPTABLE, desc = "no update lost" }
                  { id = "[0-9]+/[0-9]+", grade = FORBIDDEN, desc = "an update was lost" }
                ]
              }
            """ + RacyIncrement.program("racy", 30, "") + "}\n";

    private static final Pattern REPRODUCE = Pattern.compile("--seed (\\d+)   # FORBIDDEN (\\d+)/");

    @Test
    void findsTheForbiddenSeedsAndEachReproducesWithRun(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("race.conf");
        Files.writeString(file, RACE);
        Cli.Outcome two = Cli.execute("explore", "--no-progress", "--seeds", "6", "--jobs", "2", "--out",
                tmp.resolve("reports").toString(), file.toString());
        assertEquals(1, two.exit(), "a FORBIDDEN outcome fails the exploration: " + two);
        try (var seeds = Files.list(tmp.resolve("reports"))) {
            assertEquals(3, seeds.filter(d -> Files.isRegularFile(d.resolve("report.json"))
                    && Files.isRegularFile(d.resolve("trace.json"))).count(), "full reports of the first three");
        }
        assertTrue(two.out().contains("an update was lost"), two::toString);
        assertTrue(two.out().contains("interleavings at racy: "), two::toString);

        Cli.Outcome one = Cli.execute("explore", "--no-progress", "--seeds", "6", "--jobs", "1", "--reports", "0",
                file.toString());
        assertEquals(two.out().lines().skip(1).filter(l -> !l.contains("reports of the first")).toList(),
                one.out().lines().skip(1).toList(),
                "the same figures whether seeds run one or two at once");

        Matcher m = REPRODUCE.matcher(two.out());
        assertTrue(m.find(), two::toString);
        Cli.Outcome again = Cli.execute("run", "--no-progress", "--set", "mode=deterministic", "--seed", m.group(1),
                file.toString());
        assertTrue(again.out().contains("value=" + m.group(2) + " "), () -> "seed " + m.group(1) + ":\n" + again);
    }

    @Test
    void theScenariosExploreBlockGivesTheSeedsWhenTheCommandDoesNot(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("race.conf");
        Files.writeString(file, RACE.replace("name = race", "name = race\n  explore { seeds = 3, jobs = 1 }"));
        Cli.Outcome o = Cli.execute("explore", "--no-progress", "--reports", "0", "--seed", "5", file.toString());
        assertTrue(o.out().startsWith("tdxsim explore: race (deterministic, seeds 5..7, 1 at once)"), o::toString);
    }

    @Test
    void aFailingSeedIsShrunkToAStandaloneScenarioThatStillFails(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("race.conf");
        Files.writeString(file, RACE);
        Path shrunk = tmp.resolve("shrunk.conf");
        Cli.Outcome o = Cli.execute("explore", "--no-progress", "--seeds", "2", "--reports", "0", "--shrink", "--shrink-out",
                shrunk.toString(), file.toString());
        assertEquals(1, o.exit(), o::toString);
        Matcher m = Pattern.compile("shrunk seed (\\d+): 8 -> (\\d+) vCPUs").matcher(o.out());
        assertTrue(m.find(), o::toString);
        assertTrue(Integer.parseInt(m.group(2)) <= 2, () -> "at most a quarter of the vCPUs:\n" + o);
        Cli.Outcome again = Cli.execute("run", "--no-progress", "--seed", m.group(1), shrunk.toString());
        assertEquals(1, again.exit(), () -> "the shrunk scenario still fails:\n" + again);
        assertTrue(again.out().contains("FORBIDDEN"), again::toString);
    }

    @Test
    void aScenarioWithoutPreemptionsIsExploredWithSomeAndTheCommandsSaySo(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("race.conf");
        Files.writeString(file, RACE.replace("schedule { preemptions = 3, preemption = 40us, within = 300us }", ""));
        Cli.Outcome o = Cli.execute("explore", "--no-progress", "--seeds", "4", "--reports", "0", file.toString());
        assertTrue(o.out().contains("schedule: the scenario draws no preemptions; each seed draws 3"), o::toString);
        Matcher m = Pattern.compile("(\\./tdxsim run .*) --seed (\\d+)   # FORBIDDEN (\\d+)/").matcher(o.out());
        assertTrue(m.find(), o::toString);
        assertTrue(m.group(1).contains("--set schedule.preemptions=3"), m.group(1));
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "--no-progress", "--seed", m.group(2)));
        Matcher set = Pattern.compile("--set (\\S+)").matcher(m.group(1));
        while (set.find()) {
            args.add("--set");
            args.add(set.group(1));
        }
        args.add(file.toString());
        Cli.Outcome again = Cli.execute(args.toArray(String[]::new));
        assertTrue(again.out().contains("value=" + m.group(3) + " "), () -> args + "\n" + again);
    }

    @Test
    void refusesANonsensicalSeedCount(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("race.conf");
        Files.writeString(file, RACE);
        Cli.Outcome o = Cli.execute("explore", "--seeds", "0", file.toString());
        assertEquals(2, o.exit());
        assertEquals(1, o.err().lines().count(), o::toString);
    }
}
