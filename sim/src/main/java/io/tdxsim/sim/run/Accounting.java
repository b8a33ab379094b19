package io.tdxsim.sim.run;

import io.tdxsim.vmm.DeviceStats;
import io.tdxsim.vmm.VmmStats;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-of-run check that no exit was lost: for every vCPU, calls issued = answered + in
 * flight; for every device, accesses routed to it = accesses it served (when the run completed);
 * the VMM received every call the vCPUs issued; no message went to dead letters.
 *
 * @param mismatches one line per broken equation, naming the vCPU or device
 */
public record Accounting(long issued, long answered, long inFlight, long vmmCalls, long deadLetters,
                         List<String> mismatches) {

    static Accounting check(VcpuTally tally, List<DeviceStats> devices, VmmStats vmm, long deadLetters,
                            boolean complete) {
        List<String> problems = new ArrayList<>(tally.mismatches());
        for (int d = 0; d < devices.size(); d++) {
            DeviceStats dev = devices.get(d);
            long routed = d < vmm.routed.length ? vmm.routed[d] : 0;
            if (complete && routed != dev.accesses()) {
                problems.add("device " + dev.name + ": VMM routed " + routed + " accesses, device served "
                        + dev.accesses());
            }
        }
        if (complete && vmm.calls != tally.issued()) {
            problems.add("vmm: received " + vmm.calls + " calls, vCPUs issued " + tally.issued());
        }
        if (deadLetters > 0) {
            problems.add(deadLetters + " message(s) went to dead letters");
        }
        return new Accounting(tally.issued(), tally.answered(), tally.inFlight(), vmm.calls, deadLetters,
                List.copyOf(problems));
    }

    public boolean exact() {
        return mismatches.isEmpty();
    }
}
