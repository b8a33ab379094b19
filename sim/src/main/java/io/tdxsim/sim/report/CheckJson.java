package io.tdxsim.sim.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tdxsim.sim.run.Accounting;
import io.tdxsim.sim.run.Campaign;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.vmm.DeviceStats;
import io.tdxsim.vmm.VmmStats;
import java.io.IOException;

/**
 * The report's verdict sections: graded outcomes over the campaign's runs, ordering and
 * queueing per device, injected faults and the exit accounting. All virtual or counted, never
 * wall-clock.
 */
final class CheckJson {

    private CheckJson() {
    }

    static void grading(JsonGenerator g, Campaign c) throws IOException {
        g.writeObjectFieldStart("grading");
        JsonValues.stringOrNull(g, "key", c == null ? null : c.scenario().outcomes().key());
        g.writeNumberField("runs", c == null ? 1 : c.samples().size());
        g.writeBooleanField("forbidden", c != null && c.anyForbidden());
        g.writeBooleanField("interesting", c != null && c.anyInteresting());
        JsonValues.stringOrNull(g, "failure", c == null ? null : c.failure());
        g.writeArrayFieldStart("observed");
        if (c != null) {
            for (Campaign.Tally t : c.tallies()) {
                g.writeStartObject();
                g.writeStringField("outcome", t.key());
                g.writeNumberField("count", t.count());
                JsonValues.stringOrNull(g, "grade", t.grade() == null ? null : t.grade().name());
                JsonValues.stringOrNull(g, "rule", t.rule());
                g.writeStringField("description", t.description());
                g.writeEndObject();
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static void ordering(JsonGenerator g, RunResult r) throws IOException {
        g.writeArrayFieldStart("ordering");
        for (DeviceStats d : r.devices()) {
            g.writeStartObject();
            g.writeStringField("device", d.name);
            g.writeNumberField("program-order-violations", d.order.violations);
            g.writeNumberField("first-violation-vcpu", d.order.firstViolationVcpu);
            g.writeNumberField("vcpu-switches", d.order.switches);
            JsonValues.percentiles(g, "run-length", d.order.runLengths);
            // Little's law: mean number waiting = total waiting time / elapsed time
            double meanQueue = r.virtualNanos() <= 0 ? 0
                    : d.waitNs.getMean() * d.waitNs.getTotalCount() / r.virtualNanos();
            g.writeNumberField("mean-queue-length", Math.round(meanQueue * 1e4) / 1e4);
            g.writeNumberField("model-failures", d.failures);
            g.writeNumberField("answers-dropped", d.dropped);
            g.writeNumberField("answers-duplicated", d.duplicated);
            g.writeNumberField("model-restarts", d.restarts);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    static void accounting(JsonGenerator g, RunResult r) throws IOException {
        Accounting a = r.accounting();
        VmmStats v = r.vmm();
        g.writeObjectFieldStart("accounting");
        g.writeBooleanField("exact", a.exact());
        g.writeNumberField("issued", a.issued());
        g.writeNumberField("answered", a.answered());
        g.writeNumberField("late-answers", a.lateAnswers());
        g.writeNumberField("in-flight", a.inFlight());
        g.writeNumberField("vmm-calls", a.vmmCalls());
        g.writeNumberField("dead-letters", a.deadLetters());
        g.writeNumberField("fixups", r.fixups());
        g.writeNumberField("vmm-timeouts", v.timeouts);
        g.writeNumberField("vmm-duplicate-answers", v.duplicateAnswers);
        g.writeNumberField("vmm-restarts", v.restarts);
        g.writeNumberField("vmm-lost-answers", v.lostAnswers);
        g.writeArrayFieldStart("mismatches");
        for (String m : a.mismatches()) {
            g.writeString(m);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Heap samples are wall-clock figures: they belong in the "wall" object. */
    static void heapSamples(JsonGenerator g, RunResult r) throws IOException {
        g.writeArrayFieldStart("heap-samples");
        for (RunResult.Sample s : r.samples()) {
            g.writeStartObject();
            g.writeNumberField("ms", s.wallMs());
            g.writeNumberField("heap-used", s.heapUsedBytes());
            g.writeNumberField("heap-after-gc", s.heapAfterGcBytes());
            g.writeNumberField("exits", s.exits());
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
