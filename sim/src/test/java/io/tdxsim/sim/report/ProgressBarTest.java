package io.tdxsim.sim.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.run.RunProgress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void lineShowsVcpusAndExits() {
        String line = ProgressBar.line(6, 12, 12_345, 2.4);
        assertTrue(line.contains("[###############...............]"), line);
        assertTrue(line.contains("6/12 vCPUs"), line);
        assertTrue(line.contains("12,345 exits"), line);
    }

    @Test
    void aShortRunDrawsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = ProgressBar.start(new RunProgress(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        bar.close();
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLongRunDrawsAndThenClearsItsLine() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = ProgressBar.start(new RunProgress(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        // wait for the first draw (it comes after DELAY_MS), not for a fixed time a loaded machine may overrun
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (bytes.size() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        bar.close();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\r  ["), out);
        assertTrue(out.endsWith("\r"), "the line is cleared at the end");
        String last = out.substring(out.lastIndexOf('\r', out.length() - 2) + 1, out.length() - 1);
        assertTrue(last.isBlank(), "last draw is blanks: [" + last + "]");
    }
}
