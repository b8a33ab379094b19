package io.tdxsim.sim.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A tdxsim command in a JVM of its own on this build's classpath, its output read as it comes. */
final class Jvm implements AutoCloseable {

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();

    private Jvm(Process process) {
        this.process = process;
        reader(process.getInputStream(), out);
        reader(process.getErrorStream(), err);
    }

    static Jvm start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "io.tdxsim.sim.cli.Main"));
        command.addAll(List.of(args));
        return new Jvm(new ProcessBuilder(command).start());
    }

    private static void reader(InputStream in, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process is gone; what it printed is kept
            }
        }, "jvm-output");
        t.setDaemon(true);
        t.start();
    }

    /** Waits until a line of standard error matches; false if none did in time or the JVM ended. */
    boolean awaitErr(Predicate<String> line, long seconds) throws InterruptedException {
        return await(err, line, seconds);
    }

    boolean awaitOut(Predicate<String> line, long seconds) throws InterruptedException {
        return await(out, line, seconds);
    }

    private boolean await(List<String> lines, Predicate<String> line, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lines) {
            while (System.nanoTime() < end) {
                if (lines.stream().anyMatch(line)) {
                    return true;
                }
                if (!process.isAlive()) {
                    lines.wait(200);           // the last lines may still be on their way
                    return lines.stream().anyMatch(line);
                }
                lines.wait(200);
            }
        }
        return false;
    }

    /** The exit code, or -1 if it has not ended in time. */
    int exit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return -1;
        }
        Thread.sleep(100);                     // let the readers take the last lines
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the JVM ends at once, no shutdown hook, no goodbye to the cluster. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    List<String> out() {
        synchronized (out) {
            return List.copyOf(out);
        }
    }

    List<String> err() {
        synchronized (err) {
            return List.copyOf(err);
        }
    }

    @Override
    public String toString() {
        return "--- stdout\n" + String.join("\n", out()) + "\n--- stderr\n" + String.join("\n", err());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** A port nothing listens on now, on loopback (another run may take it later: ports are drawn at random). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
