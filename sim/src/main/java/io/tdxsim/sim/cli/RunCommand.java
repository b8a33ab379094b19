package io.tdxsim.sim.cli;

import io.tdxsim.sim.cluster.NodeException;
import io.tdxsim.sim.cluster.SplitNode;
import io.tdxsim.sim.run.Campaign;
import io.tdxsim.sim.run.OutcomeSummary;
import io.tdxsim.sim.report.OutputFolder;
import io.tdxsim.sim.report.ProgressBar;
import io.tdxsim.sim.report.ReportFiles;
import io.tdxsim.sim.report.WallClock;
import io.tdxsim.sim.report.WriteFailure;
import io.tdxsim.sim.run.RunProgress;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.run.Split;
import io.tdxsim.sim.run.Summary;
import io.tdxsim.sim.scenario.HostPort;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a scenario, print a summary and write report.json, report.html and trace.json.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for the report files (default: out/<scenario>-<yyyyMMdd-HHmmss>).")
    Path out;

    @Option(names = "--no-progress", description = "Do not show the progress bar on standard error.")
    boolean noProgress;

    @Option(names = "--cluster", paramLabel = "HOST:PORT",
            description = "Split the run over JVMs: listen at HOST:PORT, wait for the workers (`tdxsim worker --join "
                    + "HOST:PORT`) and run vCPUs on them; the VMM, the devices and the first vCPUs stay here.")
    String clusterOption;

    @Option(names = "--workers", paramLabel = "N",
            description = "With --cluster: how many workers to wait for and split the vCPUs over (default: "
                    + "cluster.workers, 1).")
    Integer workersOption;

    @Override
    public Integer call() {
        Scenario s;
        try {
            s = scenario.load();
        } catch (ScenarioException e) {
            e.problems().forEach(p -> System.err.println("tdxsim: " + p));
            return Main.BAD_INPUT;
        }
        String outProblem = out == null ? null : OutputFolder.problem(out);
        if (outProblem != null) {
            System.err.println("tdxsim: --out " + out + ": " + outProblem);
            return Main.BAD_INPUT;
        }
        SplitNode node = null;
        if (clusterOption != null || workersOption != null) {
            try {
                node = split(s);
            } catch (IllegalArgumentException | NodeException e) {
                System.err.println("tdxsim: " + e.getMessage());
                return Main.BAD_INPUT;
            }
        }
        Instant started = Instant.now();
        LocalDateTime startedHere = LocalDateTime.now();
        RunProgress progress = new RunProgress();
        Campaign campaign;
        Interrupts.install();
        try (ProgressBar bar = ProgressBar.wanted(noProgress) ? ProgressBar.start(progress, System.err) : null) {
            campaign = node == null ? SimRun.campaign(s, progress) : SimRun.campaign(s, progress, node);
        } catch (ScenarioException e) {
            e.problems().forEach(p -> System.err.println("tdxsim: " + p));
            return Main.BAD_INPUT;
        } catch (Split.NodeLost e) {
            System.err.println("tdxsim: the run failed: " + e.getMessage());
            return Main.CHECK_FAILED;
        } finally {
            if (node != null) {
                node.close();
            }
        }
        RunResult result = campaign.last();
        // The folder is made only now: a scenario that fails its checks leaves nothing behind.
        Path dir = out != null ? out : OutputFolder.defaultFor(s.name(), startedHere);
        List<Path> recorded;
        try {
            recorded = ReportFiles.write(result, campaign, new WallClock(started, result.wallNanos()), dir).stream()
                    .filter(p -> p.getFileName().toString().startsWith("schedule-")).toList();
        } catch (IOException | RuntimeException e) {
            Summary.print(result, System.out);
            OutcomeSummary.print(campaign, System.out);
            System.err.println("tdxsim: cannot write the report to " + dir + ": " + oneLine(e));
            return Main.BAD_INPUT;
        }
        Summary.print(result, System.out, dir);
        OutcomeSummary.print(campaign, System.out);
        OutcomeSummary.printReplayHint(campaign, dir, recorded, System.out);
        if (Interrupts.exitCode() != 0) {
            return Interrupts.exitCode();
        }
        if (campaign.failure() != null) {
            System.err.println("tdxsim: the run failed: " + campaign.failure()
                    + " (set outcomes.accept-failures = true if the scenario shows this on purpose)");
            return Main.CHECK_FAILED;
        }
        return campaign.anyForbidden() ? Main.CHECK_FAILED : Main.OK;
    }

    /** Listens at --cluster and waits for the workers; every problem is one line (exit 2). */
    private SplitNode split(Scenario s) throws NodeException {
        if (clusterOption == null) {
            throw new IllegalArgumentException("--workers " + workersOption + ": only with --cluster HOST:PORT");
        }
        int workers = workersOption != null ? workersOption : s.cluster().workers();
        if (workers < 1 || workers > 1024) {
            throw new IllegalArgumentException("--workers " + workers + ": expected 1 to 1024");
        }
        HostPort at;
        try {
            at = HostPort.parse(clusterOption);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cluster " + clusterOption + ": " + e.getMessage());
        }
        String cannot = SplitNode.cannotSplit(s);
        if (cannot != null) {
            throw new IllegalArgumentException(cannot);
        }
        try {
            return SplitNode.open(at, s, workers, System.err);
        } catch (NodeException e) {
            throw new NodeException("--cluster " + at + ": " + e.getMessage());
        }
    }

    private static String oneLine(Exception e) {
        return WriteFailure.describe(e);
    }
}
