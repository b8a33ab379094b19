package io.tdxsim.sim.run;

import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.vmm.DeviceStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a run went wrong in a way no outcome key was asked to judge: a device model failed
 * (threw) on an access without faults being injected into it, or every vCPU ended abnormally.
 * Such a run exits 1, unless the scenario grades its outcomes (the grades decide then) or sets
 * {@code outcomes.accept-failures} because it shows such an end on purpose.
 */
final class RunHealth {

    /** Ends of a vCPU that are not a normal finish; RUNNING (a stopped run) is judged elsewhere. */
    static final Set<String> ABNORMAL = Set.of("OOPS", "PANIC", "BUG", "SIGSEGV", "SIGBUS", "SIGFPE", "INVALID_OPCODE",
            "LIMIT");

    private RunHealth() {
    }

    /** What went wrong in {@code r}, one line; null if nothing did or the scenario judges it itself. */
    static String problem(Scenario s, RunResult r) {
        if (s.outcomes().key() != null || s.outcomes().acceptFailures()) {
            return null;
        }
        List<String> found = new ArrayList<>();
        for (int i = 0; i < r.devices().size() && i < s.devices().size(); i++) {
            DeviceStats d = r.devices().get(i);
            boolean injected = s.devices().get(i).faults().throwEvery() > 0
                    || s.devices().get(i).faults().throwProbability() > 0;
            if (d.failures > 0 && !injected) {
                found.add(String.format("device '%s' failed on %,d of %,d accesses (first: %s)", d.name, d.failures,
                        d.reads + d.writes, d.firstFailure));
            }
        }
        long abnormal = 0;
        long all = 0;
        StringBuilder ends = new StringBuilder();
        for (Map.Entry<String, Long> e : r.outcomes().entrySet()) {
            all += e.getValue();
            if (ABNORMAL.contains(e.getKey())) {
                abnormal += e.getValue();
                ends.append(ends.length() == 0 ? "" : ", ").append(String.format("%,d %s", e.getValue(), e.getKey()));
            }
        }
        if (r.complete() && all > 0 && abnormal == all) {
            found.add("every vCPU ended abnormally (" + ends + ")");
        }
        return found.isEmpty() ? null : String.join("; ", found);
    }
}
