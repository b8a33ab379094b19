package io.tdxsim.sim.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.tdxsim.sim.run.ExitLog;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.scenario.Scenario;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * Writes trace.json in the Chrome Trace Event Format, for Perfetto or chrome://tracing.
 *
 * <p>Process "vCPUs" has a track per vCPU with one complete event per exit (#VE to resume).
 * Process "devices" has a track per VMM router with the dispatch of each call, and a track per
 * device with the service of each access. Both are single servers in virtual time, so their
 * spans never overlap, as complete events on one track must not. Waiting does overlap (many
 * calls queue at once), so VMM queueing and device waits are async events, which viewers stack
 * in rows of their own under the process. Timestamps are microseconds with three decimals, so
 * virtual nanoseconds survive exactly.
 */
final class TraceJson {

    private static final int VCPU_PID = 1;
    private static final int DEVICE_PID = 2;

    private final RunResult r;
    private final TracedExits traced;
    private final int vcpus;
    private final String exitLabel;
    private final boolean directHypercall;
    private final long halfTransitionNs;

    TraceJson(RunResult r, TracedExits traced) {
        this.r = r;
        this.traced = traced;
        this.vcpus = r.scenario().vcpuCount();
        this.exitLabel = r.scenario().guest().directHypercall() ? "TDVMCALL" : "#VE";
        this.directHypercall = r.scenario().guest().directHypercall();
        this.halfTransitionNs = r.scenario().costs().tdvmcallNs() / 2;
    }

    // Thread ids are unique across both processes: some viewers key threads by tid alone.
    private int vcpuTid(int vcpu) {
        return 1 + vcpu;
    }

    private int routerTid(int router) {
        return 1 + vcpus + router;
    }

    private int deviceTid(int device) {
        return 1 + vcpus + traced.routers() + device;
    }

    void write(OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setPrettyPrinter(new OneEventPerLine());
            g.writeStartObject();
            g.writeStringField("displayTimeUnit", "ns");
            otherData(g);
            g.writeArrayFieldStart("traceEvents");
            metadata(g);
            long k = 0;
            for (ExitLog.Row row : traced.rows()) {
                exit(g, row, k++);
            }
            timerFirings(g);
            if (traced.dropped() > 0) {
                truncationMark(g);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private void otherData(JsonGenerator g) throws IOException {
        Scenario s = r.scenario();
        g.writeObjectFieldStart("otherData");
        g.writeStringField("schema", "tdxsim-trace/1");
        g.writeStringField("scenario", s.name());
        g.writeStringField("mode", s.mode().name().toLowerCase(Locale.ROOT));
        g.writeStringField("handler", s.guest().handler().id());
        g.writeStringField("clock", "virtual time; 1 us in the viewer is 1 us of virtual time");
        g.writeNumberField("exitsTraced", traced.rows().size());
        g.writeNumberField("exitsDropped", traced.dropped());
        if (traced.dropped() > 0) {
            g.writeStringField("truncated", "the exit log kept the first " + traced.rows().size()
                    + " exits; " + traced.dropped() + " later exits are not in this trace (run.trace-exits)");
        }
        g.writeEndObject();
    }

    private void metadata(JsonGenerator g) throws IOException {
        process(g, VCPU_PID, "vCPUs", 0);
        process(g, DEVICE_PID, "devices", 1);
        for (int v = 0; v < vcpus; v++) {
            thread(g, VCPU_PID, vcpuTid(v), "vcpu " + v, v);
        }
        for (int i = 0; i < traced.routers(); i++) {
            thread(g, DEVICE_PID, routerTid(i), traced.routers() == 1 ? "VMM" : "VMM router " + i, i);
        }
        for (int d = 0; d < r.scenario().devices().size(); d++) {
            thread(g, DEVICE_PID, deviceTid(d), traced.deviceName(d), traced.routers() + d);
        }
    }

    private static void process(JsonGenerator g, int pid, String name, int sortIndex) throws IOException {
        meta(g, "process_name", pid, 0, "name", name);
        meta(g, "process_sort_index", pid, 0, "sort_index", sortIndex);
    }

    private static void thread(JsonGenerator g, int pid, int tid, String name, int sortIndex) throws IOException {
        meta(g, "thread_name", pid, tid, "name", name);
        meta(g, "thread_sort_index", pid, tid, "sort_index", sortIndex);
    }

    private static void meta(JsonGenerator g, String kind, int pid, int tid, String arg, Object value)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("name", kind);
        g.writeStringField("ph", "M");
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        g.writeObjectFieldStart("args");
        if (value instanceof Integer i) {
            g.writeNumberField(arg, i);
        } else {
            g.writeStringField(arg, (String) value);
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private void exit(JsonGenerator g, ExitLog.Row row, long k) throws IOException {
        boolean served = TracedExits.served(row);
        String op = row.write() ? "write" : "read";
        String where = served
                ? traced.deviceName(row.device()) + " +0x" + Long.toHexString(traced.offset(row))
                : "unassigned 0x" + Long.toHexString(traced.offset(row));
        complete(g, exitLabel + " " + op + " " + where, "exit", VCPU_PID, vcpuTid(row.vcpu()),
                row.exitVt(), row.resumeVt());
        g.writeObjectFieldStart("args");
        g.writeNumberField("seq", row.seq());
        g.writeNumberField("size", row.size());
        g.writeStringField(traced.servedPort(row) ? "port" : "gpa", JsonValues.hex(row.gpa()));
        g.writeStringField("status", row.failed() ? "failed" : "ok");
        g.writeEndObject();
        g.writeEndObject();
        phases(g, row, served);
        int vcpuTrack = vcpuTid(row.vcpu());
        flow(g, "s", k, VCPU_PID, vcpuTrack, row.callVt());

        int vmm = routerTid(traced.router(row));
        if (row.vmmStartVt() > row.callVt()) {
            async(g, "VMM queue", "vmm", 2 * k, vmm, row.callVt(), row.vmmStartVt(), row.vcpu());
        }
        complete(g, "dispatch vcpu " + row.vcpu(), "vmm", DEVICE_PID, vmm, row.vmmStartVt(),
                traced.dispatchEndVt(row));
        g.writeEndObject();
        flow(g, "t", k, DEVICE_PID, vmm, row.vmmStartVt());
        if (!served) {
            flow(g, "f", k, VCPU_PID, vcpuTrack, row.replyVt());
            return;
        }
        int device = deviceTid(row.device());
        String name = traced.deviceName(row.device());
        long arrival = traced.arrivalVt(row);
        if (row.deviceStartVt() > arrival) {
            async(g, "wait " + name, "device", 2 * k + 1, device, arrival, row.deviceStartVt(), row.vcpu());
        }
        // The access itself is described once, on the vCPU's span; the trace stays smaller so.
        complete(g, "service vcpu " + row.vcpu(), "device", DEVICE_PID, device, row.deviceStartVt(), row.replyVt());
        g.writeEndObject();
        flow(g, "t", k, DEVICE_PID, device, row.deviceStartVt());
        flow(g, "f", k, VCPU_PID, vcpuTrack, row.replyVt());
    }

    /**
     * The exit's phases as spans nested in its span on the vCPU's track, one after the other:
     * #VE and decode, the TD exit, the wait at the VMM, dispatch, the wait at the device, service,
     * the TD entry. A phase that took no time is left out.
     */
    private void phases(JsonGenerator g, ExitLog.Row row, boolean served) throws IOException {
        int track = vcpuTid(row.vcpu());
        long tdExit = row.callVt() - halfTransitionNs;
        phase(g, track, directHypercall ? "accessor" : "#VE and decode", row.exitVt(), tdExit);
        phase(g, track, "TD exit", tdExit, row.callVt());
        phase(g, track, "VMM queue", row.callVt(), row.vmmStartVt());
        phase(g, track, "VMM dispatch", row.vmmStartVt(), traced.dispatchEndVt(row));
        if (served) {
            phase(g, track, "device queue", traced.arrivalVt(row), row.deviceStartVt());
            phase(g, track, "device service", row.deviceStartVt(), row.replyVt());
        }
        phase(g, track, "TD entry", row.replyVt(), row.resumeVt());
    }

    private static void phase(JsonGenerator g, int track, String name, long from, long to) throws IOException {
        if (to > from) {
            complete(g, name, "phase", VCPU_PID, track, from, to);
            g.writeEndObject();
        }
    }

    /** One step of the arrow that links an exit's spans: vCPU, VMM, device, back to the vCPU. */
    private static void flow(JsonGenerator g, String ph, long id, int pid, int tid, long at) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", "exit");
        g.writeStringField("cat", "flow");
        g.writeStringField("ph", ph);
        g.writeStringField("id", JsonValues.hex(id));
        if (!ph.equals("s")) {
            g.writeStringField("bp", "e");           // bind to the span that encloses this moment
        }
        g.writeFieldName("ts");
        g.writeNumber(micros(at));
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
        g.writeEndObject();
    }

    /** Opens a complete event; the caller may add args and must close the object. */
    private static void complete(JsonGenerator g, String name, String cat, int pid, int tid, long from, long to)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("cat", cat);
        g.writeStringField("ph", "X");
        g.writeFieldName("ts");
        g.writeNumber(micros(from));
        g.writeFieldName("dur");
        g.writeNumber(micros(Math.max(0, to - from)));
        g.writeNumberField("pid", pid);
        g.writeNumberField("tid", tid);
    }

    private static void async(JsonGenerator g, String name, String cat, long id, int tid, long from, long to,
                              int vcpu) throws IOException {
        for (int end = 0; end < 2; end++) {
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeStringField("cat", cat);
            g.writeStringField("ph", end == 0 ? "b" : "e");
            g.writeStringField("id", JsonValues.hex(id));
            g.writeFieldName("ts");
            g.writeNumber(micros(end == 0 ? from : to));
            g.writeNumberField("pid", DEVICE_PID);
            g.writeNumberField("tid", tid);
            if (end == 0) {
                g.writeObjectFieldStart("args");
                g.writeNumberField("vcpu", vcpu);
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }

    /** Each device timer that fired, as an instant on its device's track (the first ones a device kept). */
    private void timerFirings(JsonGenerator g) throws IOException {
        for (int d = 0; d < r.devices().size(); d++) {
            for (long at : r.devices().get(d).timerTimes) {
                g.writeStartObject();
                g.writeStringField("name", "timer");
                g.writeStringField("cat", "device");
                g.writeStringField("ph", "i");
                g.writeStringField("s", "t");
                g.writeFieldName("ts");
                g.writeNumber(micros(at));
                g.writeNumberField("pid", DEVICE_PID);
                g.writeNumberField("tid", deviceTid(d));
                g.writeEndObject();
            }
        }
    }

    private void truncationMark(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", "trace truncated: " + traced.dropped() + " later exits not recorded");
        g.writeStringField("cat", "trace");
        g.writeStringField("ph", "i");
        g.writeStringField("s", "g");
        g.writeFieldName("ts");
        g.writeNumber(micros(traced.endVt()));
        g.writeNumberField("pid", VCPU_PID);
        g.writeNumberField("tid", 0);
        g.writeEndObject();
    }

    /** Nanoseconds as exact decimal microseconds, the unit the format prescribes. */
    static String micros(long ns) {
        String sign = ns < 0 ? "-" : "";
        long a = Math.abs(ns);
        long frac = a % 1000;
        if (frac == 0) {
            return sign + a / 1000;
        }
        String digits = Long.toString(1000 + frac).substring(1);
        return sign + a / 1000 + "." + digits;
    }

    /** Keeps each event on its own line, so the file stays readable and diffable. */
    private static final class OneEventPerLine extends MinimalPrettyPrinter {
        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(",\n");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            g.writeRaw(values > 0 ? "\n]" : "]");
        }
    }
}
