package io.tdxsim.sim.run;

import io.tdxsim.sim.scenario.OutcomeTemplate;
import io.tdxsim.sim.scenario.Problems;
import io.tdxsim.sim.scenario.Scenario;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that need the device models built: each device's params are ones its model accepts, and
 * each {device.state} of the outcome key names something the model shows. Both are found before
 * the run, so a misspelt name costs no run.
 */
final class ModelChecks {

    private ModelChecks() {
    }

    static void check(Scenario s, List<Wiring.DeviceInstance> built, Problems problems) {
        Map<String, Set<String>> states = new HashMap<>();
        for (Wiring.DeviceInstance d : built) {
            states.put(d.name(), d.model().snapshot().keySet());
        }
        for (int i = 0; i < s.devices().size(); i++) {
            Scenario.Device d = s.devices().get(i);
            Wiring.DeviceInstance instance = built.stream().filter(b -> b.name().equals(d.name())).findFirst()
                    .orElse(null);
            if (instance == null) {
                continue;       // it could not be built; that is reported already
            }
            Set<String> accepted = instance.model().acceptedParams();
            for (String key : d.params().unknownKeys(accepted)) {
                Set<String> known = new TreeSet<>(d.params().acceptedOrAsked(accepted));
                String model = d.model() != null ? "model " + d.model() : "class " + d.className();
                problems.add(d.params().config().root().get(key).origin(), "tdxsim.devices[" + i + "].params." + key,
                        "unknown param of " + model + (known.isEmpty() ? " (it takes none)"
                                : " (expected one of " + String.join(", ", known) + ")"));
            }
        }
        for (String problem : OutcomeTemplate.checkStates(s.outcomes().key(), states)) {
            problems.addRaw(s.outcomes().where() + "tdxsim.outcomes.key: " + problem);
        }
    }
}
