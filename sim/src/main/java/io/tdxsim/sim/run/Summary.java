package io.tdxsim.sim.run;

import io.tdxsim.vmm.DeviceStats;
import io.tdxsim.vmm.TdvmcallStatus;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.AbstractHistogram;

/** The console summary of a run. */
public final class Summary {

    private Summary() {
    }

    /** The summary, then the folder the report files went to. */
    public static void print(RunResult r, PrintStream out, Path outputDir) {
        print(r, out);
        out.println();
        out.printf(Locale.ROOT, "  output    %s%n", outputDir);
    }

    public static void print(RunResult r, PrintStream out) {
        var s = r.scenario();
        out.printf(Locale.ROOT, "tdxsim run: %s (%s mode, handler %s, mmio-path %s, %d vCPUs, %d devices)%n",
                s.name(), s.mode().name().toLowerCase(Locale.ROOT), s.guest().handler().id(),
                s.guest().directHypercall() ? "hypercall" : "ve", s.vcpuCount(), s.devices().size());
        out.printf(Locale.ROOT, "  kernel    %s%n", s.guest().handler().kernel());
        if (!r.complete()) {
            out.println("  INCOMPLETE: the run was stopped before every vCPU finished");
        } else if (r.outcomes().containsKey("RUNNING")) {
            out.println(s.run().virtualDurationNs() > 0
                    ? "  stopped at its virtual-time horizon (run.virtual-duration " + nanos(s.run().virtualDurationNs()) + ")"
                    : "  stopped after its planned duration (run.duration)");
        }
        // a few samples say nothing about growth, and before the first collection there is no live-set figure
        if (r.samples().size() >= 3 && r.samples().get(r.samples().size() - 1).heapAfterGcBytes() > 0) {
            RunResult.Sample first = r.samples().get(0);
            RunResult.Sample last = r.samples().get(r.samples().size() - 1);
            RunResult.Sample mid = r.samples().get(r.samples().size() / 2);
            out.printf(Locale.ROOT, "  heap      %d samples over %.1f s; live after GC: %,d KiB at the start, %,d KiB "
                            + "midway, %,d KiB at the end%n", r.samples().size(), (last.wallMs() - first.wallMs()) / 1e3,
                    first.heapAfterGcBytes() >> 10, mid.heapAfterGcBytes() >> 10, last.heapAfterGcBytes() >> 10);
        }
        StringBuilder outcomes = new StringBuilder();
        for (Map.Entry<String, Long> e : r.outcomes().entrySet()) {
            outcomes.append(outcomes.length() == 0 ? "" : ", ").append(e.getValue()).append(' ').append(e.getKey());
        }
        out.printf(Locale.ROOT, "  vCPUs     %s%s%n", outcomes,
                r.fixups() == 0 ? "" : String.format(Locale.ROOT, "; %,d #VE faults fixed up (exception table)", r.fixups()));
        ExitRecorder.Bucket all = r.exits().total();
        out.printf(Locale.ROOT, "  exits     %,d total: %,d reads, %,d writes, %,d failed%n",
                all.exits(), all.reads.sum(), all.writes.sum(), all.failed.sum());
        out.printf(Locale.ROOT, "  speed     %,.0f exits/s (wall %.3f s)%n", r.exitsPerWallSecond(), r.wallNanos() / 1e9);
        out.printf(Locale.ROOT, "  virtual   %s elapsed%n", nanos(r.virtualNanos()));
        out.printf(Locale.ROOT, "  latency   %s (virtual, #VE to resume)%n", percentiles(all.latencyNs));
        out.printf(Locale.ROOT, "  engine    %s%n", engineLine(r));
        out.printf(Locale.ROOT, "  fairness  %s%n", fairnessLine(r));
        String schedule = scheduleLine(r);
        if (schedule != null) {
            out.printf(Locale.ROOT, "  schedule  %s%n", schedule);
        }
        out.println();
        out.printf(Locale.ROOT, "  %-14s %10s %10s %10s %8s %7s  %s%n", "device", "exits", "reads", "writes",
                "failed", "util", "exit latency p50 / p99 / max");
        for (int i = 0; i < r.devices().size(); i++) {
            DeviceStats d = r.devices().get(i);
            ExitRecorder.Bucket b = r.exits().device(i);
            double util = r.virtualNanos() == 0 ? 0 : 100.0 * d.busyNs / r.virtualNanos();
            out.printf(Locale.ROOT, "  %-14s %,10d %,10d %,10d %,8d %6.1f%%  %s%n", d.name, b.exits(),
                    b.reads.sum(), b.writes.sum(), b.failed.sum(), util, percentiles(b.latencyNs));
        }
        ExitRecorder.Bucket none = r.exits().unserved();
        if (none.exits() > 0) {
            out.printf(Locale.ROOT, "  %-14s %,10d %,10d %,10d %,8d %7s  %s%n", "(no device)", none.exits(),
                    none.reads.sum(), none.writes.sum(), none.failed.sum(), "", percentiles(none.latencyNs));
        }
        if (r.vmm().invalidAccesses > 0) {
            out.printf(Locale.ROOT, "  vmm: %,d accesses refused by a device's contract, answered as KVM with QEMU "
                    + "does: success, reads 0 (vmm.invalid-access = ignore)%n", r.vmm().invalidAccesses);
        }
        if (r.vmm().unassigned() > 0 || !r.vmm().refusals.isEmpty()) {
            out.printf(Locale.ROOT, "  vmm: %,d unassigned accesses (policy %s, ports %s)", r.vmm().unassigned(),
                    s.vmm().unassigned().name().toLowerCase(Locale.ROOT),
                    s.vmm().unassignedPorts().name().toLowerCase(Locale.ROOT));
            for (Map.Entry<TdvmcallStatus, Long> e : r.vmm().refusals.entrySet()) {
                out.printf(Locale.ROOT, ", %,d refused %s", e.getValue(), e.getKey());
            }
            out.println();
        }
        for (DeviceStats d : r.devices()) {
            if (d.failures + d.rejected + d.dropped + d.duplicated + d.restarts > 0) {
                out.printf(Locale.ROOT, "  %s: %,d model failures, %,d rejected accesses, %,d answers dropped, %,d sent "
                        + "twice, %,d restarts%s%n", d.name, d.failures, d.rejected, d.dropped, d.duplicated, d.restarts,
                        d.firstFailure == null ? "" : " (first failure: " + d.firstFailure + ")");
            }
            if (d.dmaReads + d.dmaWrites + d.dmaRefused > 0) {
                out.printf(Locale.ROOT, "  %s: DMA %,d reads, %,d writes, %,d bytes, %,d refused (a private or MMIO page)%n",
                        d.name, d.dmaReads, d.dmaWrites, d.dmaBytes, d.dmaRefused);
            }
            if (d.timersFired + d.timersPending > 0) {
                out.printf(Locale.ROOT, "  %s: timers %,d fired, %,d still pending at the end%n",
                        d.name, d.timersFired, d.timersPending);
            }
            if (d.order.violations > 0) {
                out.printf(Locale.ROOT, "  %s: FORBIDDEN %,d calls out of program order (first from vcpu %d)%n",
                        d.name, d.order.violations, d.order.firstViolationVcpu);
            }
        }
        var vmm = r.vmm();
        if (vmm.interruptsRaised + vmm.halts > 0) {
            out.printf(Locale.ROOT, "  interrupts: %,d raised, %,d delivered to vCPUs, %,d dropped (no route); %,d HLT "
                    + "calls%n", vmm.interruptsRaised, vmm.interruptsDelivered, vmm.interruptsDropped, vmm.halts);
        }
        if (vmm.timeouts + vmm.duplicateAnswers + vmm.restarts > 0) {
            out.printf(Locale.ROOT, "  vmm: %,d device timeouts, %,d duplicate answers ignored, %,d restarts%n",
                    vmm.timeouts, vmm.duplicateAnswers, vmm.restarts);
        }
        Accounting a = r.accounting();
        String late = a.lateAnswers() == 0 ? ""
                : String.format(Locale.ROOT, " + %,d answered after the stop", a.lateAnswers());
        if (a.exact()) {
            out.printf(Locale.ROOT, "  accounting: exact (%,d calls issued = %,d answered + %,d in flight%s)%n",
                    a.issued(), a.answered(), a.inFlight(), late);
        } else {
            out.printf(Locale.ROOT, "  accounting: MISMATCH (%,d calls issued, %,d answered, %,d in flight%s)%n",
                    a.issued(), a.answered(), a.inFlight(), late);
            a.mismatches().forEach(m -> out.println("    " + m));
        }
        r.sample().stream().filter(v -> v.fault() != null).limit(8).forEach(v ->
                out.printf(Locale.ROOT, "  vcpu %d: %s at rip 0x%x: %s%s%n", v.index(), v.fault(), v.rip(), v.detail(),
                        v.log() == null ? "" : " [log: " + v.log() + "]"));
        if (r.devices().stream().anyMatch(d -> !d.state.isEmpty())) {
            out.println();
            out.println("  device state at the end");
            for (DeviceStats d : r.devices()) {
                out.printf(Locale.ROOT, "  %-14s %s%n", d.name, DeviceStateLine.format(d.state));
            }
        }
    }

    /** The window and the calls that started out of virtual-time order at each server, if any. */
    public static String engineLine(RunResult r) {
        long window = r.scenario().windowNs();
        StringBuilder line = new StringBuilder(window == 0 ? "window 0 (deterministic)"
                : window == io.tdxsim.sim.scenario.Scenario.UNBOUNDED_WINDOW ? "window unbounded (arrival order)"
                : "window " + nanos(window));
        StringBuilder late = new StringBuilder();
        appendDistortion(late, "vmm", r.vmm().distortion);
        for (DeviceStats d : r.devices()) {
            appendDistortion(late, d.name, d.distortion);
        }
        line.append(late.length() == 0 ? "; every call started in virtual-time order"
                : "; out of virtual-time order:" + late);
        return line.toString();
    }

    /** Spread of the vCPUs' mean wait, the most waiting vCPU, and each device's Jain index. */
    public static String fairnessLine(RunResult r) {
        Fairness f = r.fairness();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "mean wait per vCPU p50 %s / p99 %s / max %s", nanos(f.meanWaitPercentileNs(50)),
                nanos(f.meanWaitPercentileNs(99)), nanos(f.meanWaitPercentileNs(100))));
        if (f.mostWaiting() >= 0 && f.meanWaitPercentileNs(100) > 0) {
            line.append(" (vcpu ").append(f.mostWaiting()).append(')');
        }
        for (Fairness.Device d : f.devices()) {
            if (d.vcpus() > 0) {
                line.append(String.format(Locale.ROOT, "; %s Jain %.3f", d.name(), d.jain()));
            }
        }
        return line.toString();
    }

    /** The preemptions and jitter the seed drew, when there are any. */
    static String scheduleLine(RunResult r) {
        var plan = r.scenario().schedule();
        var preemptions = plan.preemptionList(r.scenario().vcpuCount());
        if (preemptions.isEmpty() && plan.jitterNs() == 0) {
            return null;
        }
        StringBuilder line = new StringBuilder("seed " + r.scenario().seed() + ":");
        if (plan.jitterNs() > 0) {
            line.append(" jitter up to ").append(nanos(plan.jitterNs())).append(preemptions.isEmpty() ? "" : ";");
        }
        if (!preemptions.isEmpty()) {
            line.append(' ').append(preemptions.size()).append(preemptions.size() == 1 ? " preemption" : " preemptions");
            int shown = Math.min(4, preemptions.size());
            for (int i = 0; i < shown; i++) {
                var p = preemptions.get(i);
                line.append(i == 0 ? " (" : ", ").append("vcpu ").append(p.vcpu()).append(" at ")
                        .append(nanos(p.atNs())).append(" for ").append(nanos(p.forNs()));
            }
            line.append(preemptions.size() > shown ? ", ...)" : ")");
        }
        return line.toString();
    }

    private static void appendDistortion(StringBuilder out, String server, io.tdxsim.vmm.engine.Distortion d) {
        if (d.outOfOrder() > 0) {
            out.append(out.length() == 0 ? " " : ", ").append(server).append(' ')
                    .append(String.format(Locale.ROOT, "%,d", d.outOfOrder())).append(" calls (max ")
                    .append(nanos(d.maxNs())).append(')');
        }
    }

    static String percentiles(AbstractHistogram h) {
        if (h.getTotalCount() == 0) {
            return "-";
        }
        return nanos(h.getValueAtPercentile(50)) + " / " + nanos(h.getValueAtPercentile(99)) + " / "
                + nanos(h.getMaxValue());
    }

    public static String nanos(long ns) {
        if (ns < 1_000) {
            return ns + "ns";
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.2fus", ns / 1e3);
        }
        if (ns < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.2fs", ns / 1e9);
    }
}
