package io.tdxsim.sim.cli;

import io.tdxsim.sim.run.Campaign;
import io.tdxsim.sim.run.ReplayRecording;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.run.Summary;
import io.tdxsim.sim.scenario.OutcomeTemplate;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioException;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.sim.report.OutputFolder;
import io.tdxsim.sim.report.ReportFiles;
import io.tdxsim.sim.report.WallClock;
import io.tdxsim.sim.report.WriteFailure;
import java.io.IOException;
import java.time.Instant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-run a recorded stress run with every device serving calls in the recorded order, write "
                + "its report files, and check that it reproduces the recorded served orders and outcome. A replay "
                + "that cannot follow the recording stops at once and says which device waited for which call.")
final class ReplayCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "OUTDIR", description = "Output folder of a stress run.")
    Path dir;

    @Option(names = "--run", paramLabel = "K", description = "Which recorded run (default: the first recorded).")
    Integer run;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Wall-clock limit of the replay, e.g. 30s (default: the scenario's run.timeout).")
    String timeout;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the replay's report files (default: OUTDIR/replay-<K>).")
    Path out;

    @Override
    public Integer call() {
        Path scenarioFile = dir.resolve(ReplayRecording.SCENARIO_FILE);
        if (!Files.isRegularFile(scenarioFile)) {
            System.err.println("tdxsim: " + dir + ": no recorded stress run here (missing "
                    + ReplayRecording.SCENARIO_FILE + ")");
            return Main.BAD_INPUT;
        }
        try {
            Path file = scheduleFile();
            ReplayRecording.Recorded rec = ReplayRecording.read(file);
            Scenario s = ScenarioLoader.load(scenarioFile, timeout == null ? List.of() : List.of("run.timeout=" + timeout));
            ReplayRecording.checkFits(rec, s);
            Path dir = out != null ? out : this.dir.resolve("replay-" + rec.run());
            String outProblem = OutputFolder.problem(dir);
            if (outProblem != null) {
                System.err.println("tdxsim: --out " + dir + ": " + outProblem);
                return Main.BAD_INPUT;
            }
            Instant started = Instant.now();
            RunResult r = SimRun.replay(s, rec.schedules());
            String key = s.outcomes().key() == null ? "-" : OutcomeTemplate.fill(s.outcomes().key(),
                    name -> Campaign.lookupValue(r, name));
            List<String> differences = ReplayVerdict.differences(rec, r, key);
            try {
                ReportFiles.write(r, new WallClock(started, r.wallNanos()), dir);
            } catch (IOException | RuntimeException e) {
                System.err.println("tdxsim: cannot write the replay's report to " + dir + ": " + WriteFailure.describe(e));
                return Main.BAD_INPUT;
            }
            Summary.print(r, System.out, dir);
            System.out.printf("%n  replay of run %d: outcome %s (recorded %s%s) -> %s%n", rec.run(), key, rec.key(),
                    rec.grade().isEmpty() ? "" : ", " + rec.grade(), differences.isEmpty() ? "reproduced" : "NOT reproduced");
            differences.forEach(d -> System.out.println("    " + d));
            return differences.isEmpty() ? Main.OK : Main.CHECK_FAILED;
        } catch (ScenarioException e) {
            e.problems().forEach(p -> System.err.println("tdxsim: " + p));
            return Main.BAD_INPUT;
        } catch (IOException e) {
            System.err.println("tdxsim: " + e.getMessage());
            return Main.BAD_INPUT;
        }
    }

    private Path scheduleFile() throws IOException {
        if (run != null) {
            Path file = dir.resolve(ReplayRecording.fileName(run));
            if (!Files.isRegularFile(file)) {
                throw new IOException(dir + ": run " + run + " was not recorded");
            }
            return file;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("schedule-\\d+\\.bin"))
                    .min((a, b) -> Integer.compare(number(a), number(b)))
                    .orElseThrow(() -> new IOException(dir + ": no schedule-*.bin recorded"));
        }
    }

    private static int number(Path p) {
        String n = p.getFileName().toString();
        String digits = n.substring(9, n.length() - 4);
        return digits.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    }
}
