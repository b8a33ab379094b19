package io.tdxsim.sim.scenario;

import com.typesafe.config.Config;
import io.tdxsim.vmm.InterruptRouter;
import java.util.List;

/** Reads and checks {@code devices[i].interrupts { vector, cpus }}, a device's interrupt route. */
final class InterruptRoutes {

    private InterruptRoutes() {
    }

    /** The route of one device entry, or null without an {@code interrupts} block. */
    static InterruptRouter.Route read(Reader device, Config c) {
        if (!c.hasPath("interrupts")) {
            return null;
        }
        Reader r = new Reader(c.getConfig("interrupts"), device.key("interrupts"), device.problems());
        if (!r.has("vector")) {
            r.problem("vector", "missing; expected the vector line 0 arrives as, such as vector = 0x40");
            return null;
        }
        int before = r.problems().size();
        long vector = r.address("vector");
        if (r.problems().size() == before && (vector < 0x20 || vector > 0xff)) {
            r.problem("vector", String.format("expected a vector in 0x20..0xff (0..0x1f are the CPU's exceptions),"
                    + " got 0x%x", vector));
        }
        int[] cpus = null;
        if (r.has("cpus")) {
            List<Long> listed = r.wholeNumbers("cpus", "[0, 1]");
            if (listed.isEmpty() && r.problems().size() == before) {
                r.problem("cpus", "expected at least one vCPU index, such as [0]; leave cpus out for every vCPU");
            }
            cpus = new int[listed.size()];
            for (int i = 0; i < cpus.length; i++) {
                long cpu = listed.get(i);
                if (cpu < 0 || cpu > Integer.MAX_VALUE || listed.indexOf(cpu) != i) {
                    r.problem("cpus", (cpu < 0 || cpu > Integer.MAX_VALUE ? "expected vCPU indexes 0 and up, got "
                            : "vCPU listed twice: ") + cpu);
                    return null;
                }
                cpus[i] = (int) cpu;
            }
        }
        return new InterruptRouter.Route((int) vector, cpus);
    }

    /** Every vCPU a route lists must exist: {@code vcpus} is the scenario's count. */
    static void checkCpus(Reader scenario, List<? extends Config> entries, List<Scenario.Device> devices, long vcpus) {
        if (entries == null) {
            return;
        }
        for (int i = 0; i < entries.size() && i < devices.size(); i++) {
            InterruptRouter.Route route = devices.get(i).interrupts();
            if (route == null || route.cpus() == null) {
                continue;
            }
            for (int cpu : route.cpus()) {
                if (cpu >= vcpus) {
                    new Reader(entries.get(i), scenario.key("devices[" + i + "]"), scenario.problems()).problem(
                            "interrupts.cpus", "vCPU " + cpu + " does not exist (the scenario has " + vcpus
                                    + " vCPUs, 0.." + (vcpus - 1) + ")");
                    break;
                }
            }
        }
    }
}
