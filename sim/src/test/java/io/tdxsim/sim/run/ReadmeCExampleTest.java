package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.ShippedScenarios;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vmm.DeviceStats;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The C programs the README shows (every {@code c = """ ... """} in it), as written there, run at
 * every optimisation level without #UD: the shipped scenarios are covered by
 * CProgramScenarioTest, this keeps the README's own examples true.
 */
class ReadmeCExampleTest {

    private static final Pattern C_TEXT = Pattern.compile("c = \"\"\"\\n(.*?)\"\"\"", Pattern.DOTALL);

    private static List<String> readmePrograms() throws IOException {
        String readme = Files.readString(ShippedScenarios.directory().getParent().resolve("README.md"));
        List<String> found = new ArrayList<>();
        Matcher m = C_TEXT.matcher(readme);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @ParameterizedTest
    @ValueSource(strings = {"-O0", "-O1", "-O2", "-O3", "-Os"})
    void everyCExampleOfTheReadmeRunsAndCounts(String level) throws IOException {
        List<String> programs = readmePrograms();
        assertTrue(!programs.isEmpty(), "the README shows no C program");
        for (String c : programs) {
            RunResult r = SimRun.run(ScenarioLoader.fromText("tdxsim {\n name = readme-c\n"
                    + "devices = [ { name = counter0, model = counter, base = 0xfe000000 } ]\n"
                    + "vcpus = [ { count = 8, program = driver } ]\n"
                    + "programs.driver { cflags = \"" + level + "\", c = \"\"\"\n" + c + "\"\"\" }\n}\n", "readme.conf"));
            assertEquals(8L, r.outcomes().get("HALTED"), level + ": " + r.outcomes() + " " + r.sample());
            if (c.contains("spin_lock") && c.contains("TDX_DEVICE(counter0)")) {   // the README's lock example
                DeviceStats d = r.devices().stream().filter(x -> x.name.equals("counter0")).findFirst().orElseThrow();
                assertEquals(8L, ((Number) d.state.get("value")).longValue(), level + ": the lock kept every increment");
            }
        }
    }
}
