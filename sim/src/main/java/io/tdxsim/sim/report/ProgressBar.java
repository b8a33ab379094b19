package io.tdxsim.sim.report;

import io.tdxsim.sim.run.RunProgress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A one-line progress bar on the terminal: vCPUs finished out of the total and exits so far.
 * It appears only once a run has taken a second, redraws about four times a second from a
 * daemon thread, and erases itself when the run ends.
 *
 * <p>Hand-written: the one Java library for this that is widely used is not among the packages
 * this build may use, and the need is a single carriage-return line.
 */
public final class ProgressBar implements AutoCloseable {

    static final long DELAY_MS = 1000;
    static final long PERIOD_MS = 250;
    private static final int BAR = 30;

    private final RunProgress progress;
    private final PrintStream out;
    private final Thread thread;
    private final long startNanos = System.nanoTime();
    private int drawnWidth;
    private volatile boolean stopped;

    private ProgressBar(RunProgress progress, PrintStream out) {
        this.progress = progress;
        this.out = out;
        this.thread = new Thread(this::loop, "tdxsim-progress");
        thread.setDaemon(true);
    }

    /** Starts a bar on {@code out}; stop it with {@link #close()}. */
    public static ProgressBar start(RunProgress progress, PrintStream out) {
        ProgressBar bar = new ProgressBar(progress, out);
        bar.thread.start();
        return bar;
    }

    /**
     * Whether a bar makes sense: asked for, and standard error (likely) a terminal. Java only tells
     * whether stdin and stdout are terminals; on Linux /proc also shows where stderr goes, which
     * keeps the bar out of a redirected log.
     */
    public static boolean wanted(boolean disabled) {
        return !disabled && System.console() != null && stderrMayBeTerminal();
    }

    private static boolean stderrMayBeTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        if (!Files.exists(fd, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        try {
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }

    private void loop() {
        try {
            Thread.sleep(DELAY_MS);
            while (!stopped) {
                draw();
                Thread.sleep(PERIOD_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void draw() {
        if (stopped) {
            return;
        }
        String line = line(progress.vcpusFinished(), progress.vcpusTotal(), progress.unit(), progress.exits(),
                (System.nanoTime() - startNanos) / 1e9);
        StringBuilder s = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < drawnWidth; i++) {
            s.append(' ');
        }
        drawnWidth = Math.max(drawnWidth, line.length());
        out.print(s);
        out.flush();
    }

    static String line(long finished, int total, long exits, double seconds) {
        return line(finished, total, "vCPUs", exits, seconds);
    }

    static String line(long finished, int total, String unit, long exits, double seconds) {
        int filled = total <= 0 ? 0 : (int) (BAR * Math.min(finished, total) / total);
        return String.format(Locale.ROOT, "  [%s%s] %,d/%,d %s  %,d exits  %.0fs",
                "#".repeat(filled), ".".repeat(BAR - filled), finished, total, unit, exits, seconds);
    }

    /** Stops the thread and clears the line if anything was drawn. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (drawnWidth > 0) {
                out.print("\r" + " ".repeat(drawnWidth) + "\r");
                out.flush();
                drawnWidth = 0;
            }
        }
    }
}
