package io.tdxsim.sim.scenario;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.Set;

/**
 * A program given as an object: {@code { c = """...""", cflags = "-O2" }} (C compiled by the
 * system gcc when the scenario is wired) or {@code { elf = FILE }} (a prebuilt freestanding ELF,
 * relative to the scenario's folder).
 */
final class CProgramEntry {

    static final String DEFAULT_CFLAGS = "-O2";
    private static final Set<String> KEYS = Set.of("c", "cflags", "elf");

    private CProgramEntry() {
    }

    /** The program, or null (a known name) after recording what is wrong with it. */
    static Scenario.Program read(Reader r, String name, ConfigObject entry, Problems problems) {
        String key = r.key("programs." + name);
        int before = problems.size();
        for (String k : entry.keySet()) {
            if (!KEYS.contains(k)) {
                problems.add(entry.get(k).origin(), key + "." + k, "unknown key; expected c (with cflags) or elf"
                        + KeyCheck.suggestion(k, KEYS));
            }
        }
        ConfigValue c = entry.get("c");
        ConfigValue elf = entry.get("elf");
        ConfigValue cflags = entry.get("cflags");
        if ((c == null) == (elf == null)) {
            problems.add(entry.origin(), key, "expected exactly one of c (C source) or elf (a prebuilt ELF file)");
        }
        for (String k : new String[] {"c", "cflags", "elf"}) {
            ConfigValue v = entry.get(k);
            if (v != null && v.valueType() != ConfigValueType.STRING) {
                problems.add(v.origin(), key + "." + k, "expected a string");
            }
        }
        if (cflags != null && elf != null) {
            problems.add(cflags.origin(), key + ".cflags", "applies to c only; an elf is already built");
        }
        if (problems.size() != before) {
            return null;
        }
        if (c != null) {
            Scenario.Program text = ProgramOrigin.program((String) c.unwrapped(), c.origin());
            String flags = cflags == null ? DEFAULT_CFLAGS : (String) cflags.unwrapped();
            return new Scenario.Program(text.text(), text.file(), text.firstLine(), text.onOneLine(),
                    Scenario.Program.Language.C, flags, Problems.where(c.origin()));
        }
        String file = (String) elf.unwrapped();
        Path path = Path.of(file);
        if (!path.isAbsolute() && elf.origin().filename() != null) {
            Path dir = Path.of(elf.origin().filename()).toAbsolutePath().getParent();
            path = dir.resolve(file);
        }
        return new Scenario.Program(path.toString(), Problems.source(elf.origin()), Math.max(1, elf.origin().lineNumber()),
                true, Scenario.Program.Language.ELF, null, Problems.where(elf.origin()));
    }
}
