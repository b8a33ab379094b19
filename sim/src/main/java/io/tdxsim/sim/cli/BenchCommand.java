package io.tdxsim.sim.cli;

import io.tdxsim.sim.bench.Bench;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure exits per second in stress and deterministic mode against the raw cost of an "
                + "exit's four actor messages, for 1, 64, 4096 and 65536 vCPUs; heap per idle vCPU; decoder speed; "
                + "explore's seeds per second in this JVM and on 1 and 2 worker JVMs it starts on this machine.",
                "Prints a table, checks the performance targets (exit code 1 if one is missed) and writes bench.json.",
                "A million vCPUs (--full) need a large heap; the launcher gives bench 60%% of memory unless "
                        + "TDXSIM_JAVA_OPTS sets -Xmx."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Short rounds and a smaller dispatcher sweep; about two minutes.")
    boolean quick;

    @Option(names = "--full", description = "Also run 1,000,000 vCPUs.")
    boolean full;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write bench.json (default out/bench-<time>).")
    Path out;

    @Option(names = "--vcpus", split = ",", paramLabel = "N,N...", description = "Run only these vCPU counts.")
    List<Integer> vcpus;

    @Override
    public Integer call() throws Exception {
        if (vcpus != null && vcpus.stream().anyMatch(n -> n < 1 || n > 10_000_000)) {
            System.err.println("tdxsim: --vcpus: expected counts from 1 to 10000000");
            return Main.BAD_INPUT;
        }
        String outProblem = out == null ? null : io.tdxsim.sim.report.OutputFolder.problem(out);
        if (outProblem != null) {
            System.err.println("tdxsim: --out " + out + ": " + outProblem);
            return Main.BAD_INPUT;
        }
        return Bench.run(new Bench.Options(quick, full, out, vcpus), System.out);
    }
}
