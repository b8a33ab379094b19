package io.tdxsim.sim.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corrects the lines the config library gives objects and lists. Its parser counts lines by
 * newline tokens, and the newlines inside a triple-quoted string are not tokens, so every object
 * or list after a multi-line program is placed too early by that program's newline count (single
 * values carry their own, correct, line). The file text tells the true line: this lexes just
 * enough of it (comments, quoted and triple-quoted strings) to map the parser's count back.
 */
final class ContainerLines {

    private final Map<String, Mapping> byFile = new HashMap<>();

    private ContainerLines() {
    }

    /** {@code parsed} with the origins of its objects and lists moved to their lines in the file. */
    static Config fix(Config parsed) {
        return ((ConfigObject) new ContainerLines().fix(parsed.root())).toConfig();
    }

    private ConfigValue fix(ConfigValue value) {
        if (value instanceof ConfigObject object) {
            ConfigObject out = object;
            for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
                ConfigValue fixed = fix(e.getValue());
                if (fixed != e.getValue()) {
                    out = out.withValue(e.getKey(), fixed);
                }
            }
            return out.withOrigin(moved(object.origin()));
        }
        if (value instanceof ConfigList list) {
            List<ConfigValue> items = new ArrayList<>();
            for (ConfigValue item : list) {
                items.add(fix(item));
            }
            return ConfigValueFactory.fromIterable(items).withOrigin(moved(list.origin()));
        }
        return value;
    }

    private ConfigOrigin moved(ConfigOrigin origin) {
        if (origin == null || origin.filename() == null || origin.lineNumber() < 1) {
            return origin;
        }
        Mapping m = byFile.computeIfAbsent(origin.filename(), Mapping::of);
        int line = m == null ? origin.lineNumber() : m.fileLine(origin.lineNumber());
        return line == origin.lineNumber() ? origin : origin.withLineNumber(line);
    }

    /** For each line as the parser counts it, the file lines it covers. */
    private record Mapping(Map<Integer, List<Integer>> codeLines, Map<Integer, List<Integer>> openingLines) {

        static Mapping of(String file) {
            try {
                return lex(Files.readString(Path.of(file), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                return null;    // the file is gone or unreadable: keep the library's lines
            }
        }

        /**
         * A parser line that covers several file lines (before and after a multi-line string)
         * most likely means the one where an object or list opens; else the first with code.
         */
        int fileLine(int parserLine) {
            List<Integer> opening = openingLines.get(parserLine);
            if (opening != null) {
                return opening.get(0);
            }
            List<Integer> code = codeLines.get(parserLine);
            return code != null ? code.get(0) : parserLine;
        }

        static Mapping lex(String text) {
            Map<Integer, List<Integer>> code = new HashMap<>();
            Map<Integer, List<Integer>> opening = new HashMap<>();
            int fileLine = 1;
            int parserLine = 1;
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\n') {
                    fileLine++;
                    parserLine++;
                    i++;
                } else if (text.startsWith("\"\"\"", i)) {
                    int end = text.indexOf("\"\"\"", i + 3);
                    end = end < 0 ? text.length() : end + 3;
                    while (end < text.length() && text.charAt(end) == '"') {
                        end++;      // """" closes with the last three quotes
                    }
                    note(code, parserLine, fileLine);
                    for (int k = i; k < end; k++) {
                        fileLine += text.charAt(k) == '\n' ? 1 : 0;     // not a newline token
                    }
                    i = end;
                } else if (c == '"') {
                    note(code, parserLine, fileLine);
                    i++;
                    while (i < text.length() && text.charAt(i) != '"' && text.charAt(i) != '\n') {
                        i += text.charAt(i) == '\\' ? 2 : 1;
                    }
                    i = Math.min(text.length(), i + (i < text.length() && text.charAt(i) == '"' ? 1 : 0));
                } else if (c == '#' || text.startsWith("//", i)) {
                    while (i < text.length() && text.charAt(i) != '\n') {
                        i++;
                    }
                } else {
                    if (c == '{' || c == '[') {
                        note(opening, parserLine, fileLine);
                    }
                    if (!Character.isWhitespace(c)) {
                        note(code, parserLine, fileLine);
                    }
                    i++;
                }
            }
            return new Mapping(code, opening);
        }

        private static void note(Map<Integer, List<Integer>> lines, int parserLine, int fileLine) {
            List<Integer> at = lines.computeIfAbsent(parserLine, k -> new ArrayList<>());
            if (at.isEmpty() || at.get(at.size() - 1) != fileLine) {
                at.add(fileLine);
            }
        }
    }
}
