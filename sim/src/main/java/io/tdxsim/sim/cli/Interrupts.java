package io.tdxsim.sim.cli;

import io.tdxsim.sim.report.StagedOutput;
import io.tdxsim.sim.run.SimRun;
import sun.misc.Signal;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into an orderly stop: the run in progress is stopped, its
 * partial results are reported, and the command exits 130 or 143 as a shell expects.
 */
final class Interrupts {

    private static volatile int signalled;

    private Interrupts() {
    }

    static void install() {
        signalled = 0;
        handle("INT", 130);
        handle("TERM", 143);
    }

    private static void handle(String name, int exitCode) {
        try {
            Signal.handle(new Signal(name), sig -> {
                if (signalled != 0) {
                    StagedOutput.abandonAll();      // halt runs no cleanup: leave no half-written file
                    Runtime.getRuntime().halt(exitCode);     // a second signal: stop now
                }
                signalled = exitCode;
                System.err.println();
                System.err.println("tdxsim: " + "SIG" + name + " received, stopping the run and writing what it has");
                SimRun.interrupt();
            });
        } catch (IllegalArgumentException e) {
            // the platform does not offer this signal; the JVM's default handling stays
        }
    }

    /** 130 or 143 if a signal stopped the run, else 0. */
    static int exitCode() {
        return signalled;
    }
}
