package io.tdxsim.sim.cli;

import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.StateValues;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.VcpuResult;
import io.tdxsim.vmm.DeviceStats;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/** Side-by-side results of one scenario under several handler profiles; only differences are listed. */
final class ProfileComparison {

    static final int VCPUS_SHOWN = 16;

    private ProfileComparison() {
    }

    static void print(List<String> names, List<RunResult> runs, PrintStream out) {
        out.printf(Locale.ROOT, "tdxsim compare: %s under %s%n", runs.get(0).scenario().name(), String.join(", ", names));
        for (String n : names) {
            out.printf(Locale.ROOT, "  %-14s %s%n", n, io.tdxsim.vcpu.handler.HandlerProfile.parse(n).kernel());
        }
        out.println();
        row(out, "", names);
        row(out, "outcomes", runs.stream().map(r -> r.outcomes().toString()).toList());
        row(out, "exits", runs.stream().map(r -> Long.toString(r.totalExits())).toList());
        row(out, "failed exits", runs.stream().map(r -> Long.toString(r.exits().total().failed.sum())).toList());
        row(out, "fixups", runs.stream().map(r -> Long.toString(r.fixups())).toList());
        out.println();
        int shown = 0;
        for (VcpuResult first : runs.get(0).sample()) {
            if (shown++ == VCPUS_SHOWN) {
                break;
            }
            int index = first.index();
            List<VcpuResult> same = runs.stream().map(r -> r.sample().stream()
                    .filter(v -> v.index() == index).findFirst().orElse(null)).toList();
            if (same.contains(null)) {
                continue;
            }
            List<String> outcomes = same.stream().map(v -> v.outcome()
                    + (v.detail() == null ? "" : " (" + v.detail() + ")")).toList();
            boolean differs = !allEqual(outcomes);
            StringBuilder regs = new StringBuilder();
            for (Gpr g : Gpr.values()) {
                List<String> values = same.stream().map(v -> String.format("0x%x", v.gprs()[g.number()])).toList();
                if (!allEqual(values)) {
                    differs = true;
                    row(regs, "  " + g.name64(), values);
                }
            }
            if (differs) {
                out.printf(Locale.ROOT, "vcpu %d%n", index);
                row(out, "  ended", outcomes);
                out.print(regs);
            }
        }
        for (int d = 0; d < runs.get(0).devices().size(); d++) {
            int device = d;
            List<DeviceStats> stats = runs.stream().map(r -> r.devices().get(device)).toList();
            TreeSet<String> keys = new TreeSet<>();
            stats.forEach(s -> keys.addAll(s.state.keySet()));
            StringBuilder lines = new StringBuilder();
            row(lines, "  accesses", stats.stream().map(s -> s.reads + "r/" + s.writes + "w").toList());
            boolean differs = !allEqual(stats.stream().map(s -> s.reads + "/" + s.writes).toList());
            for (String key : keys) {
                List<String> values = stats.stream().map(s -> io.tdxsim.sim.run.DeviceStateLine.value(key, s.state.get(key))).toList();
                if (!allEqual(values)) {
                    differs = true;
                    row(lines, "  " + key, values);
                }
            }
            if (differs) {
                out.printf(Locale.ROOT, "device %s%n", stats.get(0).name);
                out.print(lines);
            }
        }
    }

    private static boolean allEqual(List<String> values) {
        return values.stream().allMatch(v -> Objects.equals(v, values.get(0)));
    }

    private static void row(Appendable out, String label, List<String> cells) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-14s", label));
        int width = cells.size() <= 3 ? 30 : 20;      // five profiles still fit 120 columns
        for (String c : cells) {
            sb.append(String.format(Locale.ROOT, " %-" + width + "s", c.length() > width ? c.substring(0, width - 1) + "~" : c));
        }
        try {
            out.append(sb.toString().stripTrailing()).append(System.lineSeparator());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
