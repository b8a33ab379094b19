package io.tdxsim.sim.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens report.html in headless Chromium, as a person would: a screenshot (kept as
 * sim/target/report-screenshot.png) and the rendered DOM with the browser's console log.
 */
class ReportHtmlBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long TIMEOUT_S = 120;
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    static Path dir;
    static Path html;

    @BeforeAll
    static void write() throws IOException {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("Chromium is missing at " + CHROMIUM + ": the report page test needs a real browser. "
                    + "Run the tests with ./tdxsim test, which installs Debian's chromium package.");
        }
        html = DefaultRun.writeTo(dir.resolve("report")).resolve(ReportFiles.REPORT_HTML);
    }

    private record Browser(int code, String out, String err) {
    }

    private static Browser chromium(String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "profile");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(Arrays.asList(extra));
        cmd.add(html.toUri().toString());
        Path out = Files.createTempFile(dir, "chromium", ".out");
        Path err = Files.createTempFile(dir, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("chromium did not finish within " + TIMEOUT_S + " s: " + Files.readString(err));
        }
        return new Browser(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void screenshotShowsThePage() throws Exception {
        Path shot = dir.resolve("report/report-screenshot.png");
        Browser b = chromium("--screenshot=" + shot, "--window-size=1400,2400", "--hide-scrollbars");
        assertEquals(0, b.code(), b.err());
        assertTrue(Files.exists(shot), "no screenshot written: " + b.err());
        byte[] head = Arrays.copyOf(Files.readAllBytes(shot), PNG.length);
        assertArrayEquals(PNG, head, "not a PNG");
        assertTrue(Files.size(shot) > 50_000, "a screenshot of a blank page is small: " + Files.size(shot) + " bytes");
        Path kept = DefaultRun.moduleDir().resolve("target/report-screenshot.png");
        Files.createDirectories(kept.getParent());
        Files.copy(shot, kept, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void pageRendersItsChartsWithoutScriptOrConsoleErrors() throws Exception {
        Browser b = chromium("--dump-dom", "--enable-logging=stderr", "--v=0");
        assertEquals(0, b.code(), b.err());
        String dom = b.out();
        assertTrue(dom.contains("<h1>tdxsim report: default</h1>"), "page did not load: " + abbreviate(dom));
        assertEquals(ReportFiles.chartCount(DefaultRun.result()), count(dom, "<svg"), "charts in the page");
        assertEquals(6, ReportFiles.chartCount(DefaultRun.result()), "2 latency charts, 3 time charts, the wait spread");
        for (String kind : List.of("latency", "exits-over-time", "swimlane", "queue-depth")) {
            assertTrue(dom.contains("data-chart=\"" + kind + "\""), kind);
        }
        assertFalse(dom.contains("<script"), "the page needs no script");
        List<String> console = b.err().lines().filter(l -> l.contains(":CONSOLE")).toList();
        assertEquals(List.of(), console, "the page logged to the console");
        assertFalse(b.err().contains("Uncaught"), b.err());
    }

    @Test
    void pageFetchesNothing() throws IOException {
        String page = Files.readString(html);
        Matcher m = Pattern.compile("(?i)src\\s*=|href\\s*=\\s*\"(?!#)|url\\(|@import|https?://(?!www\\.w3\\.org/2000/svg)")
                .matcher(page);
        assertFalse(m.find(), () -> "external reference near: " + page.substring(Math.max(0, m.start() - 60),
                Math.min(page.length(), m.end() + 60)));
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static String abbreviate(String s) {
        return s.length() < 400 ? s : s.substring(0, 400) + "…";
    }
}
