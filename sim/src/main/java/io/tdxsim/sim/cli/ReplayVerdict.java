package io.tdxsim.sim.cli;

import io.tdxsim.sim.run.DeviceStateLine;
import io.tdxsim.sim.run.ReplayRecording;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.vmm.DeviceStats;
import io.tdxsim.vmm.ServiceOrder;
import java.util.ArrayList;
import java.util.List;

/** Where a replay departed from its recording: stalls, served orders, the outcome. Empty: reproduced. */
final class ReplayVerdict {

    private ReplayVerdict() {
    }

    static List<String> differences(ReplayRecording.Recorded rec, RunResult r, String key) {
        List<String> out = new ArrayList<>();
        if (r.vmm().replayStall != null) {
            out.add("stalled: no recorded call could arrive any more: " + r.vmm().replayStall);
        } else if (!r.complete()) {
            out.add("stopped before every vCPU finished (run.timeout, or --timeout)");
        }
        for (int d = 0; d < rec.schedules().length && d < r.devices().size(); d++) {
            String diff = order(rec.devices().get(d), rec.schedules()[d], r.devices().get(d));
            if (diff != null) {
                out.add(diff);
            }
        }
        for (int d = 0; d < rec.states().size() && d < r.devices().size(); d++) {
            String state = DeviceStateLine.format(r.devices().get(d).state);
            if (!state.equals(rec.states().get(d))) {
                out.add(rec.devices().get(d) + ": final state " + state + ", recorded " + rec.states().get(d));
            }
        }
        if (!key.equals(rec.key())) {
            out.add("outcome " + key + ", recorded " + rec.key());
        }
        return out;
    }

    /** The first position at which the served order departs from the recorded one, or null. */
    private static String order(String device, long[] recorded, DeviceStats replayed) {
        long[] served = replayed.order.schedule();
        if (served == null) {
            return device + ": served more calls than were recorded";
        }
        int n = Math.min(recorded.length, served.length);
        for (int i = 0; i < n; i++) {
            if (recorded[i] != served[i]) {
                return device + ": call " + i + " served was vcpu " + ServiceOrder.vcpuOf(served[i]) + " call "
                        + ServiceOrder.seqOf(served[i]) + ", recorded vcpu " + ServiceOrder.vcpuOf(recorded[i])
                        + " call " + ServiceOrder.seqOf(recorded[i]);
            }
        }
        return served.length == recorded.length ? null
                : device + ": served " + served.length + " calls, recorded " + recorded.length;
    }
}
