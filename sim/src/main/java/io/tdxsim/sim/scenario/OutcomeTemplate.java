package io.tdxsim.sim.scenario;

import java.util.ArrayList;
import java.util.List;
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
    static List<String> check(String template, List<String> devices) {
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
                if (Integer.parseInt(v.group(1)) >= 64) {
                    problems.add("{" + name + "}: only vCPUs 0..63 keep their registers for grading");
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
