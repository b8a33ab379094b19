package io.tdxsim.sim.bench;

import io.tdxsim.sim.cluster.CoordinatorNode;
import io.tdxsim.sim.cluster.NodeException;
import io.tdxsim.sim.run.Exploration;
import io.tdxsim.sim.run.RunProgress;
import io.tdxsim.sim.scenario.HostPort;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Explore's throughput in seeds per second: in this JVM, and as the coordinator of a campaign
 * on one and on two worker JVMs that this bench starts on this machine. A rate counts the seeds
 * of the second half, so the worker JVMs' start-up, joining and compilation weigh little in it.
 */
final class ExploreRate {

    /** @param workerJvms 0: the seeds run in this JVM */
    record Setup(String name, int workerJvms, int jobs) { }

    /** @param problem why the setup could not be measured, or null */
    record Measured(Setup setup, double seedsPerSecond, String problem) { }

    static final List<Setup> SETUPS = List.of(new Setup("this JVM, 1 job", 0, 1), new Setup("this JVM, 2 jobs", 0, 2),
            new Setup("1 worker JVM, 1 job", 1, 1), new Setup("2 worker JVMs, 1 job each", 2, 1));

    /** The campaign: a lost-update race small enough that a seed takes tens of milliseconds. */
    static final String SCENARIO = """
            tdxsim {
              name = explore-bench
              mode = deterministic
              run.dispatcher-threads = 1
              schedule { preemptions = 2, preemption = 20us, within = 200us }
              devices = [ { name = racy, model = counter, base = 0xfe000000 } ]
              vcpus = [ { count = 4, program = inc } ]
              programs.inc = "mov rdi, racy\\nmov ecx, 10\\nagain:\\nmov rax, qword [rdi]\\ninc rax\\nmov qword [rdi], rax\\ndec ecx\\njnz again\\nhlt"
            }
            """;

    private ExploreRate() {
    }

    static Scenario scenario(long seed) {
        return ScenarioLoader.fromText(SCENARIO, "explore-bench.conf", List.of("seed=" + seed));
    }

    static List<Measured> measure(int seeds) {
        List<Measured> out = new ArrayList<>();
        for (Setup s : SETUPS) {
            out.add(measure(s, seeds));
        }
        return out;
    }

    static Measured measure(Setup setup, int seeds) {
        RunProgress progress = RunProgress.ofSeeds(seeds);
        Clock clock = new Clock(progress, seeds);
        clock.start();
        try {
            if (setup.workerJvms() == 0) {
                Exploration.run(ExploreRate::scenario, 1, seeds, setup.jobs(), progress);
                return new Measured(setup, clock.rate(), null);
            }
            return onWorkers(setup, seeds, progress, clock);
        } finally {
            clock.interrupt();
        }
    }

    private static Measured onWorkers(Setup setup, int seeds, RunProgress progress, Clock clock) {
        HostPort at;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            at = new HostPort("127.0.0.1", free.getLocalPort());
        } catch (IOException e) {
            return new Measured(setup, Double.NaN, "no free port: " + e.getMessage());
        }
        List<Process> workers = new ArrayList<>();
        try (CoordinatorNode node = CoordinatorNode.listen(at)) {
            for (int w = 0; w < setup.workerJvms(); w++) {
                workers.add(new ProcessBuilder(WorkerJvm.command("worker", "--join", at.toString(), "--jobs",
                        Integer.toString(setup.jobs()))).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            CoordinatorNode.Result r = node.explore(scenario(1), 1, seeds, progress, () -> false,
                    new PrintStream(OutputStream.nullOutputStream()), false);
            return new Measured(setup, r.problem() == null ? clock.rate() : Double.NaN, r.problem());
        } catch (NodeException | IOException e) {
            return new Measured(setup, Double.NaN, e.getMessage());
        } finally {
            for (Process p : workers) {
                try {
                    if (!p.waitFor(20, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Notes when half the seeds are done and when the last is. */
    private static final class Clock extends Thread {
        private final RunProgress progress;
        private final int seeds;
        private final int mark;
        private volatile long markNanos;
        private volatile long endNanos;

        Clock(RunProgress progress, int seeds) {
            super("tdxsim-explore-clock");
            setDaemon(true);
            this.progress = progress;
            this.seeds = seeds;
            this.mark = Math.max(1, seeds / 2);
        }

        @Override
        public void run() {
            try {
                while (progress.vcpusFinished() < seeds) {
                    if (markNanos == 0 && progress.vcpusFinished() >= mark) {
                        markNanos = System.nanoTime();
                    }
                    Thread.sleep(2);
                }
                endNanos = System.nanoTime();
            } catch (InterruptedException e) {
                // the setup ended without finishing: no rate
            }
        }

        double rate() {
            try {
                join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return markNanos == 0 || endNanos <= markNanos ? Double.NaN
                    : (seeds - mark) * 1e9 / (endNanos - markNanos);
        }
    }
}
