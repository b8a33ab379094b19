package io.tdxsim.sim.scenario;

import java.util.ArrayList;
import io.tdxsim.vcpu.Gpr;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The outcome key template: literal text with {placeholders} naming final-state values. */
public final class OutcomeTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");
    private static final Pattern VCPU = Pattern.compile("vcpu(\\d+)\\.([a-z0-9]+)");

    private OutcomeTemplate() {
    }

    /** Problems with a template's placeholders that can be found before running. */
    static List<String> check(String template, List<String> devices, long vcpus) {
        List<String> problems = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        boolean any = false;
        while (m.find()) {
            any = true;
            String name = m.group(1);
            if (name.equals("exits") || name.startsWith("outcomes.")) {
                continue;
            }
            Matcher v = VCPU.matcher(name);
            if (v.matches()) {
                long index = v.group(1).length() > 12 ? Long.MAX_VALUE : Long.parseLong(v.group(1));
                if (index >= vcpus && vcpus > 0) {
                    problems.add("{" + name + "}: no such vCPU (expected vcpu0..vcpu" + (vcpus - 1) + ")");
                } else if (index >= 64) {
                    problems.add("{" + name + "}: only vCPUs 0..63 keep their registers for grading");
                } else if (Gpr.parse(v.group(2)) == null) {
                    problems.add("{" + name + "}: '" + v.group(2) + "' is not a register (expected e.g. rax or r8)");
                }
                continue;
            }
            int dot = name.indexOf('.');
            if (dot <= 0 || !devices.contains(name.substring(0, dot))) {
                problems.add("{" + name + "}: expected {<device>.<state>}, {vcpu<N>.<reg>}, {outcomes.<NAME>} or "
                        + "{exits}; devices are " + devices);
            }
        }
        if (!any) {
            problems.add("expected at least one {placeholder} in '" + template + "'");
        }
        return problems;
    }

    /**
     * Problems with {@code {device.state}} placeholders, once the models are built: each must name
     * a key of the device's snapshot ({@code states}: device name to the keys a fresh model shows).
     */
    public static List<String> checkStates(String template, Map<String, Set<String>> states) {
        List<String> problems = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template == null ? "" : template);
        while (m.find()) {
            String name = m.group(1);
            int dot = name.indexOf('.');
            Set<String> keys = dot > 0 ? states.get(name.substring(0, dot)) : null;
            if (keys != null && !keys.contains(name.substring(dot + 1))) {
                problems.add("{" + name + "}: device '" + name.substring(0, dot) + "' has no state '"
                        + name.substring(dot + 1) + "' (expected one of " + new TreeSet<>(keys) + ")");
            }
        }
        return problems;
    }

    /** Fills the template; {@code lookup} returns null for unknown names. */
    public static String fill(String template, Function<String, String> lookup) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = lookup.apply(m.group(1));
            if (value == null) {
                throw new ScenarioException("tdxsim.outcomes.key: nothing named {" + m.group(1)
                        + "} in the final state of the run");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
