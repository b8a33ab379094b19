package io.tdxsim.sim.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a worker JVM the bench starts on this machine: this JVM's java and class
 * path, the collector settings the launcher gives every run, and a small heap.
 */
final class WorkerJvm {

    private WorkerJvm() {
    }

    /** {@code java <options> -cp <this class path> io.tdxsim.sim.cli.Main <mainArgs>}. */
    static List<String> command(String... mainArgs) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // as the launcher: the parallel collector, its card marks written only when they change
                "-XX:+UseParallelGC", "-XX:+UseCondCardMark", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "io.tdxsim.sim.cli.Main"));
        command.addAll(List.of(mainArgs));
        return command;
    }
}
