package io.tdxsim.sim.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes bench.json: the plan, the environment, every round of every series, and the targets. */
final class BenchJson {

    static final int SCHEMA = 2;

    private BenchJson() {
    }

    /** The explore rates and the campaign they were measured on. */
    record Explore(int seeds, List<ExploreRate.Measured> rates) { }

    /** The cross-core hand-off at the bench's start and around each sender count's sweeps. */
    record HandOffs(double atStartNs, Map<Integer, CoreHandOff.Span> sweeps) { }

    static void write(Path file, BenchPlan plan, JitWarmUp.Result warm, Map<String, Object> jvm, Map<String, Object> dispatcher,
                      List<DispatcherSweep.Result> sweeps, List<DispatcherSweep.Result> simulatedSweeps,
                      List<BenchRow> rows, Series decoder, Explore explore,
                      SplitRate.Measured split, double steal, HandOffs handOffs,
                      List<Targets.Check> checks, String started)
            throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("schema", SCHEMA);
            g.writeStringField("started", started);
            g.writeObjectFieldStart("plan");
            g.writeBooleanField("quick", plan.quick());
            g.writeBooleanField("full", plan.full());
            g.writeNumberField("warmup_rounds", plan.warmups());
            g.writeNumberField("timed_rounds", plan.rounds());
            g.writeNumberField("round_seconds", plan.roundSeconds());
            g.writeEndObject();
            g.writeObjectFieldStart("jit_warmup");
            g.writeNumberField("cycles", warm.cycles());
            g.writeNumberField("compile_ms", warm.compileMillis());
            number(g, "last_cycle_compile_share", warm.lastShare());
            g.writeBooleanField("settled", warm.settled());
            g.writeEndObject();
            map(g, "jvm", jvm);
            map(g, "dispatcher", dispatcher);
            number(g, "host_steal_fraction", steal);
            g.writeObjectFieldStart("cross_core_round_trip_ns");
            number(g, "start", handOffs.atStartNs());
            g.writeArrayFieldStart("sweeps");
            for (Map.Entry<Integer, CoreHandOff.Span> e : handOffs.sweeps().entrySet()) {
                g.writeStartObject();
                g.writeNumberField("senders", e.getKey());
                span(g, e.getValue());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            sweeps(g, "dispatcher_sweep", "round_trips_per_second", sweeps);
            sweeps(g, "simulation_sweep", "exits_per_second", simulatedSweeps);
            g.writeArrayFieldStart("rows");
            for (BenchRow r : rows) {
                g.writeStartObject();
                g.writeNumberField("vcpus", r.vcpus);
                number(g, "host_steal_fraction", r.steal);
                g.writeObjectFieldStart("cross_core_round_trip_ns");
                span(g, r.handOff);
                g.writeEndObject();
                series(g, "raw", r.raw, Double.NaN, "round_trips");
                if (r.rawSetting != null) {
                    g.writeObjectFieldStart("raw_dispatcher");
                    setting(g, r.rawSetting);
                    g.writeEndObject();
                }
                series(g, "stress", r.stress, r.ofRaw(r.stress), "exits");
                series(g, "unbounded", r.unbounded, r.ofRaw(r.unbounded), "exits");
                series(g, "deterministic", r.deterministic, r.ofRaw(r.deterministic), "exits");
                if (r.footprint != null) {
                    g.writeNumberField("heap_bytes_per_idle_vcpu", Math.round(r.footprint.bytesPerVcpu()));
                    g.writeNumberField("spawn_idle_ms", r.footprint.spawnNanos() / 1e6);
                    g.writeNumberField("heap_bytes_per_empty_actor", Math.round(r.footprint.floorBytesPerActor()));
                    g.writeNumberField("spawn_empty_actors_ms", r.footprint.floorSpawnNanos() / 1e6);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            if (decoder != null) {
                g.writeObjectFieldStart("decoder");
                g.writeNumberField("decodes_per_second", decoder.median());
                rounds(g, decoder);
                g.writeEndObject();
            }
            if (explore != null) {
                g.writeObjectFieldStart("explore");
                g.writeNumberField("seeds", explore.seeds());
                g.writeStringField("scenario", "4-vCPU counter race, deterministic, 2 preemptions per seed");
                g.writeStringField("counted", "the second half of the seeds, over the time they took");
                g.writeArrayFieldStart("setups");
                for (ExploreRate.Measured m : explore.rates()) {
                    g.writeStartObject();
                    g.writeStringField("name", m.setup().name());
                    g.writeNumberField("worker_jvms", m.setup().workerJvms());
                    g.writeNumberField("jobs_per_jvm", m.setup().jobs());
                    number(g, "seeds_per_second", m.seedsPerSecond());
                    if (m.problem() != null) {
                        g.writeStringField("problem", m.problem());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            if (split != null) {
                g.writeObjectFieldStart("split_run");
                g.writeStringField("scenario", "256 vCPUs x 40 exits on two devices, deterministic, workloads");
                g.writeStringField("counted", "the last of 3 runs (outcomes.repeat), exits over its wall time");
                g.writeNumberField("vcpus", split.vcpus());
                g.writeNumberField("exits", split.exits());
                number(g, "one_jvm_exits_per_second", split.localExitsPerSecond());
                number(g, "split_exits_per_second", split.splitExitsPerSecond());
                g.writeNumberField("worker_jvms", 1);
                g.writeBooleanField("same_exits_and_virtual_time", split.same());
                number(g, "jackson_tdvmcall_round_trip_us", split.callMicros());
                number(g, "jackson_tdvmcall_result_round_trip_us", split.resultMicros());
                if (split.problem() != null) {
                    g.writeStringField("problem", split.problem());
                }
                g.writeEndObject();
            }
            g.writeArrayFieldStart("targets");
            for (Targets.Check c : checks) {
                g.writeStartObject();
                g.writeStringField("name", c.name());
                g.writeStringField("unit", c.unit());
                g.writeStringField("comparison", c.atMost() ? "<=" : ">=");
                g.writeNumberField("required", c.required());
                number(g, "actual", c.actual());
                g.writeStringField("status", !c.measured() ? "not_run" : c.met() ? "met" : "missed");
                if (c.caveat() != null) {
                    g.writeStringField("caveat", c.caveat());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void setting(JsonGenerator g, io.tdxsim.sim.run.DispatcherSetting s) throws IOException {
        g.writeStringField("executor", s.akkaExecutor());
        g.writeNumberField("threads", s.resolvedThreads());
        g.writeNumberField("serving_threads", s.servingThreads());
        g.writeNumberField("throughput", s.throughput());
    }

    private static void series(JsonGenerator g, String name, Series s, double ofRaw, String unit) throws IOException {
        g.writeObjectFieldStart(name);
        number(g, unit + "_per_second", s.median());
        if (!Double.isNaN(ofRaw)) {
            number(g, "of_raw_limit", ofRaw);
        }
        g.writeNumberField(unit, s.units);
        g.writeBooleanField("complete", s.complete);
        number(g, "latency_p50_ns", s.p(50));
        number(g, "latency_p99_ns", s.p(99));
        if (s.metered()) {
            number(g, "allocated_bytes_per_exit", s.allocatedPerUnit());
        }
        rounds(g, s);
        g.writeEndObject();
    }

    private static void rounds(JsonGenerator g, Series s) throws IOException {
        g.writeArrayFieldStart("rounds_per_second");
        for (double r : s.rates) {
            g.writeNumber(Math.round(r));
        }
        g.writeEndArray();
    }

    /** Each sweep: its sender count, the best and where the shipped setting ranks, every setting's rounds. */
    private static void sweeps(JsonGenerator g, String name, String rateField, List<DispatcherSweep.Result> sweeps)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (DispatcherSweep.Result sweep : sweeps) {
            g.writeStartObject();
            g.writeNumberField("senders", sweep.senders());
            g.writeStringField("best", sweep.best().setting().label());
            g.writeNumberField("shipped_rank", sweep.shippedRank());
            g.writeArrayFieldStart("settings");
            for (DispatcherSweep.Entry e : sweep.entries()) {
                g.writeStartObject();
                setting(g, e.setting());
                number(g, rateField, e.series().median());
                rounds(g, e.series());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void span(JsonGenerator g, CoreHandOff.Span span) throws IOException {
        number(g, "before", span.beforeNs());
        number(g, "after", span.afterNs());
    }

    private static void number(JsonGenerator g, String field, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, v);
        }
    }

    private static void map(JsonGenerator g, String name, Map<String, Object> m) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Number n) {
                g.writeNumberField(e.getKey(), n.longValue());
            } else {
                g.writeStringField(e.getKey(), String.valueOf(v));
            }
        }
        g.writeEndObject();
    }
}
