package io.tdxsim.sim.report;

import io.tdxsim.sim.run.ExitLog;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's exit log in a stable order, (exitVt, vcpu, seq), with what the writers need to place
 * each exit: device names and offsets, VMM router, and when the access reached its device.
 * The log keeps the first exits in virtual-time order, so the same run keeps the same rows.
 */
final class TracedExits {

    private final List<ExitLog.Row> rows;
    private final long dropped;
    private final List<Scenario.Device> devices;
    private final long sharedBit;
    private final long dispatchNs;
    private final int routers;
    private final long endVt;

    TracedExits(RunResult r) {
        ExitLog log = r.exits().log();
        int n = log.size();
        List<ExitLog.Row> all = new ArrayList<>(n);
        long end = 0;
        for (int i = 0; i < n; i++) {
            ExitLog.Row row = log.row(i);
            all.add(row);
            end = Math.max(end, row.resumeVt());
        }
        rows = List.copyOf(all);
        dropped = log.dropped();
        Scenario s = r.scenario();
        devices = s.devices();
        sharedBit = 1L << (s.guest().gpaWidth() - 1);
        dispatchNs = s.costs().vmmNs();
        routers = Math.max(1, s.vmm().routers());
        endVt = end;
    }

    List<ExitLog.Row> rows() {
        return rows;
    }

    long dropped() {
        return dropped;
    }

    /** Latest resume time among the kept rows: the right edge of every time axis. */
    long endVt() {
        return endVt;
    }

    int routers() {
        return routers;
    }

    /** The router that handled a vCPU's calls (the guardian assigns vCPU v to router v mod n). */
    int router(ExitLog.Row row) {
        return row.vcpu() % routers;
    }

    static boolean served(ExitLog.Row row) {
        return row.device() >= 0 && row.deviceStartVt() >= 0;
    }

    /** The exit was port I/O a port device served: its address is a port, not a GPA. */
    boolean servedPort(ExitLog.Row row) {
        return served(row) && row.device() < devices.size() && devices.get(row.device()).port();
    }

    String deviceName(int device) {
        return device >= 0 && device < devices.size() ? devices.get(device).name() : "(no device)";
    }

    /** Offset of the access inside its device, the shared bit removed. */
    long offset(ExitLog.Row row) {
        long gpa = row.gpa() & ~sharedBit;
        return row.device() >= 0 && row.device() < devices.size() ? gpa - devices.get(row.device()).base() : gpa;
    }

    /** When the VMM handed the access to its device: dispatch ends there. */
    long arrivalVt(ExitLog.Row row) {
        return Math.min(row.vmmStartVt() + dispatchNs, row.deviceStartVt());
    }

    /** When the VMM finished with the call: arrival at the device, or its own answer. */
    long dispatchEndVt(ExitLog.Row row) {
        return served(row) ? arrivalVt(row) : row.replyVt();
    }
}
