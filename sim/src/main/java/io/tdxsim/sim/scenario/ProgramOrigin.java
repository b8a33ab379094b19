package io.tdxsim.sim.scenario;

import com.typesafe.config.ConfigOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a program was written, so assembler errors can name the file line at fault.
 * HOCON gives a triple-quoted string the line on which it closes; the text spans the lines above.
 */
final class ProgramOrigin {

    private ProgramOrigin() {
    }

    static Scenario.Program program(String text, ConfigOrigin origin) {
        String file = Problems.source(origin);
        int line = Math.max(1, origin.lineNumber());
        int newlines = (int) text.chars().filter(c -> c == '\n').count();
        if (newlines == 0 || !closesTripleQuote(origin, line)) {
            return new Scenario.Program(text, file, line, true);     // one source line, maybe with \n escapes
        }
        return new Scenario.Program(text, file, Math.max(1, line - newlines), false);
    }

    private static boolean closesTripleQuote(ConfigOrigin origin, int line) {
        if (origin.filename() == null) {
            return true;    // nothing to look at; triple quotes are how programs are written
        }
        try {
            List<String> lines = Files.readAllLines(Path.of(origin.filename()), StandardCharsets.UTF_8);
            return line > lines.size() || lines.get(line - 1).contains("\"\"\"");
        } catch (IOException | UncheckedIOException e) {
            return true;
        }
    }
}
