package io.tdxsim.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.Cli;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed scenario under test resources malformed/ is rejected by {@code validate} with
 * exit code 2 and exactly one problem line naming where (file:line, or the --set argument), the
 * key path and what was expected. Each file says what it expects in its header:
 * {@code # expect: fragment}, optionally {@code # args: --set key=value} and {@code # key: none};
 * the offending line carries the marker {@code <-- error}.
 */
class MalformedScenarioTest {

    private static final String MARKER = "<-- error";
    /** A key path such as tdxsim.devices[1].base or tdxsim.programs.main, followed by ": ". */
    private static final Pattern KEY_PATH = Pattern.compile("[A-Za-z][\\w.\\-\\[\\]]*: .*");

    record Case(Path file, String expect, List<String> args, boolean namesKey, int markedLine) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    static List<Case> cases() throws IOException, URISyntaxException {
        Path dir = Path.of(MalformedScenarioTest.class.getResource("/malformed").toURI());
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                cases.add(read(f));
            }
        }
        return cases;
    }

    private static Case read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String expect = null;
        List<String> args = new ArrayList<>();
        boolean namesKey = true;
        int marked = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("# expect: ")) {
                expect = line.substring("# expect: ".length());
            } else if (line.startsWith("# args: ")) {
                String a = line.substring("# args: ".length());
                int space = a.indexOf(' ');
                args.add(a.substring(0, space));
                args.add(a.substring(space + 1));
            } else if (line.startsWith("# key: none")) {
                namesKey = false;
            } else if (line.contains(MARKER)) {
                marked = i + 1;
            }
        }
        if (expect == null) {
            throw new IllegalStateException(file + " has no '# expect:' line");
        }
        return new Case(file, expect, List.copyOf(args), namesKey, marked);
    }

    @Test
    void theCorpusCoversAtLeastThirtyMistakes() throws Exception {
        assertTrue(cases().size() >= 30, "only " + cases().size() + " malformed scenarios");
    }

    /** An override merged over a section the file gave a value (compare sets guest.handler) must not hide it. */
    @Test
    void aWrongShapeInTheFileIsNamedEvenUnderAnOverrideOfItsChildKey() throws Exception {
        Path file = Path.of(MalformedScenarioTest.class.getResource("/malformed/section-not-an-object.conf").toURI());
        Cli.Outcome out = Cli.execute("validate", file.toString(), "--set", "guest.handler=rfc-v2");
        assertEquals(2, out.exit(), out::toString);
        assertEquals("tdxsim: " + file + ":4: tdxsim.guest: expected an object { ... }, got a number (5)\n", out.err());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRejectedWithOneLineNamingWhereWhatAndWhy(Case c) {
        List<String> argv = new ArrayList<>(List.of("validate", c.file().toString()));
        argv.addAll(c.args());
        Cli.Outcome out = Cli.execute(argv.toArray(String[]::new));

        assertEquals(2, out.exit(), out::toString);
        assertEquals("", out.out(), out::toString);
        List<String> problems = out.err().lines().toList();
        assertEquals(1, problems.size(), () -> "expected exactly one problem line\n" + out);
        String problem = problems.get(0);
        assertTrue(problem.contains(c.expect()), () -> "expected '" + c.expect() + "' in\n" + problem);

        String rest;
        if (!c.args().isEmpty()) {
            String where = "tdxsim: --set " + c.args().get(1) + ": ";
            assertTrue(problem.startsWith(where), () -> "expected the override named first: " + problem);
            rest = problem.substring(where.length());
        } else {
            String file = "tdxsim: " + c.file() + ":";
            assertTrue(problem.startsWith(file), () -> "expected the file named first: " + problem);
            String afterFile = problem.substring(file.length());
            String line = afterFile.substring(0, Math.max(0, afterFile.indexOf(": ")));
            assertTrue(line.matches("\\d+"), () -> "expected file:line, got: " + problem);
            if (c.markedLine() > 0) {
                assertEquals(c.markedLine(), Integer.parseInt(line), () -> "points at the wrong line: " + problem);
            }
            rest = afterFile.substring(line.length() + 2);
        }
        if (c.namesKey()) {
            assertTrue(KEY_PATH.matcher(rest).matches(), () -> "expected a key path after the location: " + problem);
        }
    }
}
