package io.tdxsim.sim.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tdxsim.sim.run.ExitRecorder;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.vcpu.Gpr;
import io.tdxsim.vcpu.VcpuResult;
import io.tdxsim.vmm.DeviceStats;
import io.tdxsim.vmm.TdvmcallStatus;
import io.tdxsim.vmm.VmmStats;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;

/**
 * Writes report.json: the run's figures in a versioned schema (docs/report-schema.md), keys in a
 * fixed order. Every wall-clock figure sits in the final "wall" object and nowhere else.
 */
public final class ReportJson {

    public static final String SCHEMA = "tdxsim-report/1";

    private final RunResult r;
    private final TracedExits traced;
    private final WallClock wall;
    private final io.tdxsim.sim.run.Campaign campaign;

    ReportJson(RunResult r, TracedExits traced, WallClock wall) {
        this(r, null, traced, wall);
    }

    ReportJson(RunResult r, io.tdxsim.sim.run.Campaign campaign, TracedExits traced, WallClock wall) {
        this.campaign = campaign;
        this.r = r;
        this.traced = traced;
        this.wall = wall;
    }

    void write(OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeBooleanField("complete", r.complete());
            scenario(g);
            outcomes(g);
            totals(g);
            vcpuSample(g);
            devices(g);
            unserved(g);
            vmm(g);
            engine(g);
            fairness(g);
            CheckJson.grading(g, campaign);
            CheckJson.ordering(g, r);
            CheckJson.accounting(g, r);
            trace(g);
            wall(g);
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private void scenario(JsonGenerator g) throws IOException {
        Scenario s = r.scenario();
        g.writeObjectFieldStart("scenario");
        g.writeStringField("name", s.name());
        g.writeStringField("source", s.source());
        g.writeNumberField("seed", s.seed());
        g.writeStringField("mode", s.mode().name().toLowerCase(Locale.ROOT));
        g.writeStringField("handler", s.guest().handler().id());
        g.writeStringField("kernel", s.guest().handler().kernel());
        g.writeStringField("mmio-path", s.guest().directHypercall() ? "hypercall" : "ve");
        g.writeNumberField("gpa-width", s.guest().gpaWidth());
        g.writeNumberField("vcpus", s.vcpuCount());
        g.writeNumberField("routers", s.vmm().routers());
        g.writeStringField("unassigned", s.vmm().unassigned().name().toLowerCase(Locale.ROOT));
        g.writeStringField("unassigned-ports", s.vmm().unassignedPorts().name().toLowerCase(Locale.ROOT));
        schedule(g, s);
        g.writeArrayFieldStart("devices");
        for (Scenario.Device d : s.devices()) {
            g.writeStartObject();
            g.writeStringField("name", d.name());
            JsonValues.stringOrNull(g, "model", d.model());
            JsonValues.stringOrNull(g, "class", d.className());
            g.writeStringField("space", d.port() ? "port" : "mmio");
            g.writeStringField("base", JsonValues.hex(d.base()));
            g.writeNumberField("size", d.size());
            g.writeNumberField("service-ns", d.serviceNs());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void schedule(JsonGenerator g, Scenario s) throws IOException {
        io.tdxsim.vmm.engine.SchedulePlan plan = s.schedule();
        g.writeObjectFieldStart("schedule");
        g.writeStringField("tie-break", plan.seededTies() ? "seeded" : "index");
        g.writeNumberField("jitter-ns", plan.jitterNs());
        g.writeArrayFieldStart("preemptions");
        for (io.tdxsim.vmm.engine.SchedulePlan.Preemption p : plan.preemptionList(s.vcpuCount())) {
            g.writeStartObject();
            g.writeNumberField("vcpu", p.vcpu());
            g.writeNumberField("at-ns", p.atNs());
            g.writeNumberField("for-ns", p.forNs());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void outcomes(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("outcomes");
        for (Map.Entry<String, Object> e : JsonValues.sorted(r.outcomes()).entrySet()) {
            g.writeNumberField(e.getKey(), ((Number) e.getValue()).longValue());
        }
        g.writeEndObject();
    }

    private void totals(JsonGenerator g) throws IOException {
        ExitRecorder.Bucket all = r.exits().total();
        g.writeObjectFieldStart("totals");
        g.writeNumberField("vcpus", r.scenario().vcpuCount());
        g.writeNumberField("vcpus-finished", r.vcpusFinished());
        g.writeNumberField("exits", all.exits());
        g.writeNumberField("reads", all.reads.sum());
        g.writeNumberField("writes", all.writes.sum());
        g.writeNumberField("failed", all.failed.sum());
        g.writeNumberField("virtual-ns", r.virtualNanos());
        JsonValues.percentiles(g, "exit-latency-ns", all.latencyNs);
        g.writeEndObject();
    }

    private void vcpuSample(JsonGenerator g) throws IOException {
        // per-vCPU exit latency from the traced exits: only sampled vCPUs, so memory stays flat
        java.util.Map<Integer, org.HdrHistogram.Histogram> latency = new java.util.HashMap<>();
        for (VcpuResult v : r.sample()) {
            latency.put(v.index(), new org.HdrHistogram.Histogram(3));
        }
        for (io.tdxsim.sim.run.ExitLog.Row row : traced.rows()) {
            org.HdrHistogram.Histogram h = latency.get(row.vcpu());
            if (h != null) {
                h.recordValue(Math.max(0, row.resumeVt() - row.exitVt()));
            }
        }
        g.writeArrayFieldStart("vcpu-sample");
        for (VcpuResult v : r.sample()) {
            g.writeStartObject();
            g.writeNumberField("index", v.index());
            g.writeStringField("outcome", v.outcome());
            JsonValues.stringOrNull(g, "detail", v.detail());
            JsonValues.stringOrNull(g, "log", v.log());
            g.writeStringField("rip", JsonValues.hex(v.rip()));
            g.writeNumberField("exits", v.exits());
            g.writeNumberField("failed-exits", v.failedExits());
            g.writeNumberField("fixups", v.fixups());
            g.writeNumberField("instructions", v.instructions());
            g.writeNumberField("vt-ns", v.vt());
            g.writeNumberField("interrupts", v.interrupts());
            JsonValues.percentiles(g, "exit-latency-ns", latency.get(v.index()));
            g.writeObjectFieldStart("registers");
            for (int i = 0; i < v.gprs().length && i < 16; i++) {
                g.writeStringField(Gpr.of(i).name(8), JsonValues.hex(v.gprs()[i]));
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void devices(JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("devices");
        for (int i = 0; i < r.devices().size(); i++) {
            DeviceStats d = r.devices().get(i);
            ExitRecorder.Bucket b = r.exits().device(i);
            g.writeStartObject();
            g.writeStringField("name", d.name);
            g.writeNumberField("exits", b.exits());
            g.writeNumberField("reads", b.reads.sum());
            g.writeNumberField("writes", b.writes.sum());
            g.writeNumberField("failed", b.failed.sum());
            g.writeNumberField("accesses", d.accesses());
            g.writeNumberField("rejected", d.rejected);
            g.writeNumberField("ignored", d.ignored);
            g.writeNumberField("failures", d.failures);
            JsonValues.stringOrNull(g, "first-failure", d.firstFailure);
            g.writeObjectFieldStart("dma");
            g.writeNumberField("reads", d.dmaReads);
            g.writeNumberField("writes", d.dmaWrites);
            g.writeNumberField("bytes", d.dmaBytes);
            g.writeNumberField("refused", d.dmaRefused);
            g.writeEndObject();
            g.writeNumberField("interrupts", d.interrupts);
            g.writeObjectFieldStart("timers");
            g.writeNumberField("fired", d.timersFired);
            g.writeNumberField("pending", d.timersPending);
            g.writeEndObject();
            g.writeNumberField("utilisation", utilisation(d.busyNs));
            g.writeNumberField("busy-ns", d.busyNs);
            g.writeNumberField("first-start-ns", d.firstStartVt);
            g.writeNumberField("last-done-ns", d.lastDoneVt);
            JsonValues.percentiles(g, "wait-ns", d.waitNs);
            JsonValues.percentiles(g, "service-ns", d.serviceNs);
            JsonValues.percentiles(g, "exit-latency-ns", b.latencyNs);
            g.writeFieldName("state");
            JsonValues.state(g, d.state);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void unserved(JsonGenerator g) throws IOException {
        ExitRecorder.Bucket b = r.exits().unserved();
        g.writeObjectFieldStart("unserved");
        g.writeNumberField("exits", b.exits());
        g.writeNumberField("reads", b.reads.sum());
        g.writeNumberField("writes", b.writes.sum());
        g.writeNumberField("failed", b.failed.sum());
        JsonValues.percentiles(g, "exit-latency-ns", b.latencyNs);
        g.writeEndObject();
    }

    private void vmm(JsonGenerator g) throws IOException {
        VmmStats v = r.vmm();
        g.writeObjectFieldStart("vmm");
        g.writeNumberField("calls", v.calls);
        g.writeNumberField("unassigned-reads", v.unassignedReads);
        g.writeNumberField("unassigned-writes", v.unassignedWrites);
        g.writeNumberField("invalid-accesses", v.invalidAccesses);
        g.writeObjectFieldStart("refusals");
        for (TdvmcallStatus status : TdvmcallStatus.values()) {
            Long n = v.refusals.get(status);
            if (n != null) {
                g.writeNumberField(status.name(), n);
            }
        }
        g.writeEndObject();
        g.writeNumberField("busy-ns", v.busyNs);
        g.writeNumberField("utilisation", utilisation(v.busyNs / Math.max(1, r.scenario().vmm().routers())));
        JsonValues.percentiles(g, "dispatch-wait-ns", v.dispatchWaitNs);
        g.writeNumberField("halts", v.halts);
        g.writeNumberField("interrupts-raised", v.interruptsRaised);
        g.writeNumberField("interrupts-delivered", v.interruptsDelivered);
        g.writeNumberField("interrupts-dropped", v.interruptsDropped);
        g.writeEndObject();
    }

    private void engine(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("engine");
        long window = r.scenario().windowNs();
        if (window == Scenario.UNBOUNDED_WINDOW) {
            g.writeNullField("window-ns");
        } else {
            g.writeNumberField("window-ns", window);
        }
        g.writeNumberField("lookahead-misses", r.vmm().lookaheadMisses);
        g.writeArrayFieldStart("servers");
        distortion(g, "vmm", r.vmm().distortion);
        for (io.tdxsim.vmm.DeviceStats d : r.devices()) {
            distortion(g, d.name, d.distortion);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Above this many vCPUs only the spread over them is written, not each vCPU's figures. */
    static final int PER_VCPU_LIMIT = 65_536;

    private void fairness(JsonGenerator g) throws IOException {
        io.tdxsim.sim.run.Fairness f = r.fairness();
        g.writeObjectFieldStart("fairness");
        g.writeObjectFieldStart("mean-wait-ns");
        g.writeNumberField("p50", f.meanWaitPercentileNs(50));
        g.writeNumberField("p99", f.meanWaitPercentileNs(99));
        g.writeNumberField("max", f.meanWaitPercentileNs(100));
        g.writeEndObject();
        g.writeNumberField("most-waiting-vcpu", f.mostWaiting());
        g.writeArrayFieldStart("devices");
        for (io.tdxsim.sim.run.Fairness.Device d : f.devices()) {
            g.writeStartObject();
            g.writeStringField("name", d.name());
            g.writeNumberField("vcpus", d.vcpus());
            g.writeNumberField("jain", Math.round(d.jain() * 1e6) / 1e6);
            g.writeNumberField("longest-wait-ns", d.longestWaitNs());
            g.writeEndObject();
        }
        g.writeEndArray();
        io.tdxsim.sim.run.Fairness.PerVcpu v = f.perVcpu();
        if (v.size() <= PER_VCPU_LIMIT) {
            g.writeObjectFieldStart("per-vcpu");
            numbers(g, "exits", v.exits());
            long[] means = new long[v.size()];
            for (int i = 0; i < means.length; i++) {
                means[i] = v.meanWaitNs(i);
            }
            numbers(g, "mean-wait-ns", means);
            numbers(g, "max-wait-ns", v.maxWaitNs());
            g.writeEndObject();
        } else {
            g.writeNullField("per-vcpu");
        }
        g.writeEndObject();
    }

    private static void numbers(JsonGenerator g, String name, long[] values) throws IOException {
        g.writeFieldName(name);
        g.writeArray(values, 0, values.length);
    }

    private static void distortion(JsonGenerator g, String server, io.tdxsim.vmm.engine.Distortion d)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("server", server);
        g.writeNumberField("out-of-order", d.outOfOrder());
        g.writeNumberField("max-ns", d.maxNs());
        g.writeNumberField("total-ns", d.totalNs());
        g.writeEndObject();
    }

    private void trace(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("trace");
        g.writeNumberField("capacity", r.scenario().run().traceExits());
        g.writeNumberField("rows", traced.rows().size());
        g.writeNumberField("dropped", traced.dropped());
        g.writeNumberField("end-ns", traced.endVt());
        queueDepth(g);
        g.writeEndObject();
    }

    /** Slices of the traced time in the queue-depth series. */
    static final int DEPTH_SLICES = 200;

    private void queueDepth(JsonGenerator g) throws IOException {
        java.util.List<int[]> depth = QueueDepthChart.series(traced, r.devices().size(), DEPTH_SLICES);
        g.writeObjectFieldStart("queue-depth");
        g.writeNumberField("slice-ns", Math.max(1, traced.endVt()) / (double) DEPTH_SLICES);
        g.writeFieldName("vmm");
        g.writeArray(depth.get(0), 0, DEPTH_SLICES);
        g.writeArrayFieldStart("devices");
        for (int d = 0; d < r.devices().size(); d++) {
            g.writeStartObject();
            g.writeStringField("name", r.devices().get(d).name);
            g.writeFieldName("depth");
            g.writeArray(depth.get(1 + d), 0, DEPTH_SLICES);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void wall(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("wall");
        g.writeStringField("started", wall.started().toString());
        g.writeNumberField("wall-ns", wall.wallNanos());
        g.writeNumberField("exits-per-second", Math.round(wall.exitsPerSecond(r.totalExits()) * 10) / 10.0);
        CheckJson.heapSamples(g, r);
        g.writeEndObject();
    }

    private double utilisation(long busyNs) {
        return r.virtualNanos() <= 0 ? 0 : Math.round(1e6 * busyNs / (double) r.virtualNanos()) / 1e6;
    }
}
