package io.tdxsim.sim.run;

import io.tdxsim.vmm.DeviceStats;
import io.tdxsim.vmm.VmmStats;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-of-run check that no call and no answer was lost, from counts kept independently
 * where each thing happens: each vCPU counts the calls it sent and the answers it received, the
 * VMM counts per vCPU the calls it received and the answers it sent, each device counts the
 * accesses it served. When they are compared both channels are empty (a stopped vCPU reports
 * only after the VMM confirmed that everything it sent has arrived), so for every vCPU and
 * every kind of run: sent = received by the VMM, answered by the VMM = received by the vCPU,
 * and for every device: routed = served.
 *
 * @param issued      calls the vCPUs sent
 * @param answered    answers the vCPUs received and completed
 * @param lateAnswers answers that reached vCPUs after the run stopped them
 * @param inFlight    vCPUs with a call open when the run stopped
 * @param mismatches  one line per broken equation, naming the vCPU, the call or the device
 */
public record Accounting(long issued, long answered, long lateAnswers, long inFlight, long vmmCalls, long deadLetters,
                         List<String> mismatches) {

    /** Lines kept; the rest are counted in the last line. */
    static final int MAX_LINES = 16;

    static Accounting check(VcpuTally tally, List<DeviceStats> devices, VmmStats vmm, long deadLetters) {
        List<String> problems = new ArrayList<>(tally.duplicates());
        long more = 0;
        for (int v = 0; v < tally.expected(); v++) {
            String problem = vcpuProblem(tally, vmm, v);
            if (problem == null) {
                continue;
            }
            if (problems.size() < MAX_LINES) {
                problems.add(problem);
            } else {
                more++;
            }
        }
        if (more > 0) {
            problems.add("and " + more + " more vCPUs whose counts disagree");
        }
        for (int d = 0; d < devices.size(); d++) {
            DeviceStats dev = devices.get(d);
            long routed = 0;
            for (int r = 0; r < vmm.routed.length && r < vmm.routedNames.length; r++) {
                if (vmm.routedNames[r].equals(dev.name)) {     // routed counts ranges in address order
                    routed += vmm.routed[r];
                }
            }
            if (routed != dev.accesses()) {
                problems.add("device " + dev.name + ": the VMM routed " + routed + " accesses, the device served "
                        + dev.accesses());
            }
        }
        if (deadLetters > 0) {
            problems.add(deadLetters + " message(s) went to dead letters");
        }
        return new Accounting(tally.issued(), tally.answered(), tally.lateAnswers(), tally.inFlight(), vmm.calls,
                deadLetters, List.copyOf(problems));
    }

    private static String vcpuProblem(VcpuTally tally, VmmStats vmm, int v) {
        if (!tally.reported(v)) {
            return "vcpu " + v + ": never reported";
        }
        long sent = tally.issuedBy(v);
        long received = tally.receivedBy(v);
        long vmmReceived = v < vmm.receivedByVcpu.length ? vmm.receivedByVcpu[v] : 0;
        long vmmAnswered = v < vmm.answeredByVcpu.length ? vmm.answeredByVcpu[v] : 0;
        if (sent != vmmReceived) {
            return "vcpu " + v + ": sent " + sent + " calls, the VMM received " + vmmReceived
                    + (vmmReceived < sent ? " (call " + (vmmReceived + 1) + " lost on the way)" : "");
        }
        if (vmmAnswered != received) {
            return "vcpu " + v + ": the VMM answered " + vmmAnswered + " calls, the vCPU received " + received
                    + (received < vmmAnswered ? " (the answer to call " + (received + 1) + " lost on the way)" : "");
        }
        return null;
    }

    public boolean exact() {
        return mismatches.isEmpty();
    }
}
