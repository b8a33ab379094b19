package io.tdxsim.sim.report;

import io.tdxsim.sim.run.ExitRecorder;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vmm.DeviceStats;
import io.tdxsim.vmm.VmmStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A hand-made run of the default scenario's shape: a fixed set of exits, some queueing at the VMM
 * and at a device, one to an unassigned address, fed to the recorder in any order.
 */
final class SyntheticRun {

    static final int VCPUS = 4;
    static final int PER_VCPU = 6;

    private SyntheticRun() {
    }

    /** Exits as recorder arguments, in a fixed order. */
    static List<long[]> exits(Scenario s) {
        long shared = 1L << (s.guest().gpaWidth() - 1);
        long vmmNs = s.costs().vmmNs();
        List<long[]> out = new ArrayList<>();
        for (int v = 0; v < VCPUS; v++) {
            for (int seq = 1; seq <= PER_VCPU; seq++) {
                long exit = 20_000L * seq + 10L * v;
                long call = exit + 2_000;
                long vmmStart = call + 100L * v;
                boolean unassigned = v == 3 && seq == 2;
                int device = unassigned ? -1 : (v + seq) % 2;
                long deviceStart = unassigned ? -1 : vmmStart + vmmNs + 50L * v;
                long reply = unassigned ? vmmStart + vmmNs : deviceStart + 400;
                long resume = reply + 2_000;
                long base = unassigned ? 0xfe100000L : s.devices().get(device).base();
                out.add(new long[] {v, seq, device, seq % 2, 4, shared | (base + 0x10), exit, call, vmmStart,
                        deviceStart, reply, resume, unassigned ? 0x8000_0000_0000_0000L : 0});
            }
        }
        return out;
    }

    /** The run, with the exits recorded in an order shuffled by {@code seed} (0: the fixed order). */
    static RunResult run(long seed, int logCapacity) {
        Scenario s = ScenarioLoader.loadDefault(List.of());
        List<long[]> exits = exits(s);
        if (seed != 0) {
            Collections.shuffle(exits, new Random(seed));
        }
        ExitRecorder recorder = new ExitRecorder(s.devices().size(), logCapacity);
        long end = 0;
        for (long[] e : exits) {
            recorder.exitCompleted((int) e[0], e[1], (int) e[2], e[3] == 1, (int) e[4], e[5], e[6], e[7], e[8], e[9],
                    e[10], e[11], e[12]);
            end = Math.max(end, e[11]);
        }
        List<DeviceStats> devices = new ArrayList<>();
        for (Scenario.Device d : s.devices()) {
            DeviceStats stats = new DeviceStats(d.name());
            stats.busyNs = 4_000;
            stats.state = Map.of("value", 7L, "note", "<b>&'\"");
            devices.add(stats);
        }
        VmmStats vmm = new VmmStats();
        vmm.calls = exits.size();
        // one call overtaken by 1.5us at the VMM, as a stress window allows
        io.tdxsim.vmm.engine.VirtualTimeServer dispatch = new io.tdxsim.vmm.engine.VirtualTimeServer();
        dispatch.serve(21_500, 300);
        dispatch.serve(20_000, 300);
        vmm.distortion.add(dispatch.distortion());
        return new RunResult(s, 2_000_000, end, Map.of("HALTED", (long) s.vcpuCount()), List.of(), devices, vmm,
                recorder, s.vcpuCount(), true,
                new io.tdxsim.sim.run.Accounting(exits.size(), exits.size(), 0, 0, exits.size(), 0, List.of()), List.of(),
                0);
    }
}
