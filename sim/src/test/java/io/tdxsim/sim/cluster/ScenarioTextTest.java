package io.tdxsim.sim.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tdxsim.sim.ShippedScenarios;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A worker rebuilds each seed's scenario from the text of the first seed's: that must be the
 * scenario the coordinator would have loaded for the seed from the file itself.
 */
class ScenarioTextTest {

    static List<Path> scenarios() {
        return ShippedScenarios.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void theFirstSeedsTextWithAnotherSeedIsThatSeedsScenario(Path file) {
        List<String> explore = List.of("mode=deterministic", "run.dispatcher-threads=1", "run.serving-threads=0",
                "outcomes.repeat=1");
        Scenario first = ScenarioLoader.load(file, with(explore, "seed=1"));
        Scenario fromText = ScenarioLoader.fromText(first.rendered(), first.name() + ".conf", List.of("seed=977"));
        Scenario fromFile = ScenarioLoader.load(file, with(explore, "seed=977"));
        assertEquals(fromFile.rendered(), fromText.rendered());
        assertEquals(fromFile.name(), fromText.name());
        assertEquals(fromFile.schedule(), fromText.schedule());
    }

    private static List<String> with(List<String> overrides, String one) {
        List<String> all = new java.util.ArrayList<>(overrides);
        all.add(one);
        return all;
    }
}
