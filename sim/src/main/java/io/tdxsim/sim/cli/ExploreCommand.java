package io.tdxsim.sim.cli;

import io.tdxsim.sim.cluster.CoordinatorNode;
import io.tdxsim.sim.cluster.NodeException;
import io.tdxsim.sim.report.ProgressBar;
import io.tdxsim.sim.run.Campaign;
import io.tdxsim.sim.run.Exploration;
import io.tdxsim.sim.run.RunProgress;
import io.tdxsim.sim.scenario.HostPort;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "explore", mixinStandardHelpOptions = true,
        description = "Run a scenario in deterministic mode under many seeds, each seed one schedule (see the "
                + "scenario's schedule block), grade the outcomes as jcstress does, count the distinct served "
                + "orders per device, and list the seeds worth a look with the command that reproduces each.")
final class ExploreCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--seeds", paramLabel = "N", description = "How many seeds (default: explore.seeds, 100).")
    Integer seedsOption;

    @Option(names = "--jobs", paramLabel = "J",
            description = "Seeds run at once in this JVM (default: explore.jobs; 0, one per processor). With "
                    + "--cluster each worker's own --jobs counts instead.")
    Integer jobsOption;

    @Option(names = "--cluster", paramLabel = "HOST:PORT",
            description = "Listen at HOST:PORT as the coordinator of a cluster and run the seeds on the workers "
                    + "that join it (`tdxsim worker --join HOST:PORT`); default: cluster.coordinator.")
    String clusterOption;

    private int seeds;
    private int jobs;

    @Option(names = "--no-progress", description = "Do not show the progress bar on standard error.")
    boolean noProgress;

    @Option(names = "--reports", paramLabel = "N", defaultValue = "3",
            description = "Write full report files for the first N seeds worth a look (default 3; 0: none).")
    int reports;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for those reports, one sub-folder per seed (default: out/<scenario>-explore-<time>).")
    java.nio.file.Path out;

    @Option(names = "--shrink", description = "Reduce the first failing seed's scenario (fewer preemptions, vCPUs, "
            + "groups, exits, devices) while it keeps failing, and write it out as a standalone scenario.")
    boolean shrink;

    @Option(names = "--shrink-out", paramLabel = "FILE",
            description = "Where --shrink writes the reduced scenario (default: out/<scenario>-seed<S>-shrunk.conf).")
    java.nio.file.Path shrinkOut;

    @Override
    public Integer call() {
        long first = scenario.seed != null ? scenario.seed : 1;
        Scenario base;
        try {
            base = load(first);
        } catch (ScenarioException e) {
            e.problems().forEach(p -> System.err.println("tdxsim: " + p));
            return Main.BAD_INPUT;
        }
        seeds = seedsOption != null ? seedsOption : base.explore().seeds();
        jobs = jobsOption != null ? jobsOption : base.explore().jobs();
        String outProblem = out == null ? null : io.tdxsim.sim.report.OutputFolder.problem(out);
        if (outProblem != null) {
            System.err.println("tdxsim: --out " + out + ": " + outProblem);
            return Main.BAD_INPUT;
        }
        if (reports < 0) {
            System.err.println("tdxsim: --reports " + reports + ": expected 0 or more");
            return Main.BAD_INPUT;
        }
        if (shrinkOut != null && java.nio.file.Files.isDirectory(shrinkOut)) {
            System.err.println("tdxsim: --shrink-out " + shrinkOut + ": is a directory (expected a file name)");
            return Main.BAD_INPUT;
        }
        if (seeds < 1 || seeds > 10_000_000) {
            System.err.println("tdxsim: --seeds " + seeds + ": expected 1 to 10,000,000");
            return Main.BAD_INPUT;
        }
        if (jobs < 0 || jobs > 256) {
            System.err.println("tdxsim: --jobs " + jobs + ": expected 0 (one per processor) to 256");
            return Main.BAD_INPUT;
        }
        int j = jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
        HostPort cluster;
        try {
            cluster = clusterOption != null ? HostPort.parse(clusterOption) : base.cluster().coordinator();
        } catch (IllegalArgumentException ex) {
            System.err.println("tdxsim: --cluster " + clusterOption + ": " + ex.getMessage());
            return Main.BAD_INPUT;
        }
        CoordinatorNode node;
        try {
            node = cluster == null ? null : CoordinatorNode.listen(cluster);
        } catch (NodeException ex) {
            System.err.println("tdxsim: " + (clusterOption != null ? "--cluster " : "cluster.coordinator ") + cluster
                    + ": " + ex.getMessage());
            return Main.BAD_INPUT;
        }
        try {
            return explore(base, first, j, cluster, node);
        } finally {
            if (node != null) {
                node.close();
            }
        }
    }

    private int explore(Scenario base, long first, int j, HostPort cluster, CoordinatorNode node) {
        if (base.schedule().preemptions() == 0 && base.explore().preemptions() > 0) {
            // without preemptions a seed only reorders ties; draw them across the run's own length
            long length = Math.max(1_000, io.tdxsim.sim.run.SimRun.run(base).virtualNanos());
            scheduleOverrides.add("schedule.preemptions=" + base.explore().preemptions());
            scheduleOverrides.add("schedule.within=" + length + "ns");
            scheduleOverrides.add("schedule.preemption=" + Math.max(1_000, length / 10) + "ns");
            base = load(first);
        }
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "tdxsim explore: %s (deterministic, seeds %d..%d, %s)%n", base.name(), first,
                first + seeds - 1, node == null ? j + " at once" : "on the workers that join " + cluster);
        RunProgress progress = RunProgress.ofSeeds(seeds);
        Exploration e;
        Interrupts.install();
        boolean withBar = ProgressBar.wanted(noProgress);
        try (ProgressBar bar = withBar ? ProgressBar.start(progress, System.err) : null) {
            if (node == null) {
                e = Exploration.run(this::load, first, seeds, j, progress);
            } else {
                CoordinatorNode.Result r = node.explore(base, first, seeds, progress, () -> Interrupts.exitCode() != 0,
                        System.err, !withBar);
                if (r.problem() != null) {
                    System.err.println("tdxsim: " + r.problem());
                    if (r.exploration().seeds().isEmpty()) {
                        return Main.BAD_INPUT;
                    }
                }
                e = r.exploration();
            }
        }
        if (node != null) {
            node.close();        // the workers are done; reports and shrinking run here
        }
        ExploreSummary.print(e, base, !scheduleOverrides.isEmpty(), this::reproduce, out);
        if (Interrupts.exitCode() != 0) {
            return Interrupts.exitCode();
        }
        int reported = writeReports(e, base, out);
        if (reported != Main.OK) {
            return reported;
        }
        if (shrink) {
            int shrunk = shrinkFirstFailure(e, base, out);
            if (shrunk != Main.OK) {
                return shrunk;
            }
        }
        return e.anyForbidden() ? Main.CHECK_FAILED : Main.OK;
    }

    /** Each listed seed's run again (the same bytes: deterministic) with its full report files. */
    private int writeReports(Exploration e, Scenario base, PrintStream console) {
        List<Exploration.Seed> notable = e.notable();
        if (reports == 0 || notable.isEmpty()) {
            return Main.OK;
        }
        java.nio.file.Path dir = out != null ? out : io.tdxsim.sim.report.OutputFolder.defaultFor(
                base.name() + "-explore", java.time.LocalDateTime.now());
        for (Exploration.Seed s : notable.subList(0, Math.min(reports, notable.size()))) {
            java.nio.file.Path seedDir = dir.resolve("seed-" + s.seed());
            java.time.Instant started = java.time.Instant.now();
            io.tdxsim.sim.run.Campaign c = io.tdxsim.sim.run.SimRun.campaign(load(s.seed()));
            try {
                io.tdxsim.sim.report.ReportFiles.write(c.last(), c,
                        new io.tdxsim.sim.report.WallClock(started, c.last().wallNanos()), seedDir);
            } catch (java.io.IOException | RuntimeException ex) {
                System.err.println("tdxsim: cannot write the report of seed " + s.seed() + " to " + seedDir + ": "
                        + io.tdxsim.sim.report.WriteFailure.describe(ex));
                return Main.BAD_INPUT;
            }
        }
        console.printf(Locale.ROOT, "  reports of the first %d of them: %s%n", Math.min(reports, notable.size()), dir);
        return Main.OK;
    }

    private int shrinkFirstFailure(Exploration e, Scenario base, PrintStream out) {
        Exploration.Seed failing = e.seeds().stream().filter(s -> s.sample().grade() == Scenario.Grade.FORBIDDEN
                || !s.sample().exact() || !s.sample().complete()).findFirst().orElse(null);
        if (failing == null) {
            out.println("  shrink: no seed failed, nothing to shrink");
            return Main.OK;
        }
        io.tdxsim.sim.run.Shrinker shrunk = io.tdxsim.sim.run.Shrinker.shrink(load(failing.seed()), failing.seed());
        java.nio.file.Path file = shrinkOut != null ? shrinkOut
                : java.nio.file.Path.of("out", base.name() + "-seed" + failing.seed() + "-shrunk.conf");
        String header = "# " + base.name() + ", seed " + failing.seed() + ", shrunk by tdxsim explore --shrink: it still "
                + "fails (" + shrunk.verdict() + ").\n# How to read the result: run it and look for the failing "
                + "outcome.\n# Try: ./tdxsim run " + file + " --seed " + failing.seed() + "   (or --set to vary it)\n";
        try {
            if (file.getParent() != null) {
                java.nio.file.Files.createDirectories(file.getParent());
            }
            java.nio.file.Path tmp = java.nio.file.Files.createTempFile(
                    file.toAbsolutePath().getParent(), ".shrunk", ".tmp");
            java.nio.file.Files.writeString(tmp, header + shrunk.text());
            java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException ex) {
            System.err.println("tdxsim: --shrink-out " + file + ": cannot write: " + ex.getMessage());
            return Main.BAD_INPUT;
        }
        out.printf(Locale.ROOT, "  shrunk seed %d: %,d -> %,d vCPUs, %d -> %d devices, %d -> %d preemptions in %d runs (%s)%n",
                failing.seed(), base.vcpuCount(), shrunk.vcpus(), base.devices().size(),
                shrunk.scenario().devices().size(), base.schedule().preemptions(), shrunk.scenario().schedule().preemptions(),
                shrunk.runs(), shrunk.verdict());
        out.printf(Locale.ROOT, "    ./tdxsim run %s --seed %d%n", file, failing.seed());   // the file holds every override
        return Main.OK;
    }

    /** Schedule settings explore adds when the scenario draws no preemptions of its own. */
    private final List<String> scheduleOverrides = new ArrayList<>();

    /** The scenario for one seed: deterministic, on one thread (a seed's result needs no more). */
    private Scenario load(long seed) {
        List<String> all = new ArrayList<>(scenario.overrides);
        all.addAll(scheduleOverrides);
        all.add("mode=deterministic");
        all.add("run.dispatcher-threads=1");
        all.add("run.serving-threads=0");
        all.add("outcomes.repeat=1");
        all.add("seed=" + seed);
        return scenario.loadWith(all);
    }

    /** The command line that reproduces one seed, with every override explore applied. */
    private String reproduce(long seed) {
        StringBuilder line = new StringBuilder("./tdxsim run ").append(scenario.describeFile());
        for (String o : scheduleOverrides) {
            line.append(" --set ").append(o);
        }
        return line.append(" --set mode=deterministic --seed ").append(seed).toString();
    }
}
