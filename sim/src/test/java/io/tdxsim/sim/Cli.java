package io.tdxsim.sim;

import io.tdxsim.sim.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the tdxsim command in-process and captures what it prints. */
public final class Cli {

    /** Exit status and the text written to stdout and stderr. */
    public record Outcome(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Cli() {
    }

    /** Report folders of runs that do not name one go to the build directory, not the module's out/. */
    private static final java.nio.file.Path RUNS = java.nio.file.Path.of("target", "cli-runs");
    private static int runs;

    public static synchronized Outcome execute(String... args) {
        if (args.length > 0 && args[0].equals("run") && !java.util.Arrays.asList(args).contains("--out")) {
            String[] withOut = java.util.Arrays.copyOf(args, args.length + 2);
            withOut[args.length] = "--out";
            withOut[args.length + 1] = RUNS.resolve("run-" + (runs++) + "-" + System.nanoTime()).toString();
            args = withOut;
        }
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(errBytes, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            int exit = Main.execute(args);
            return new Outcome(exit, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
