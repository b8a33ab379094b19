package io.tdxsim.sim.run;

import io.tdxsim.sim.scenario.Problems;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.vcpu.AddressSpace;
import io.tdxsim.vcpu.asm.AsmException;
import io.tdxsim.vcpu.asm.Assembler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Assembles each vCPU group's code once; all vCPUs of a group share the bytes. Device names are
 * symbols holding the device's base as the group's mode sees it.
 */
final class ProgramBuilder {

    /** Distinct generated programs per workload group; vCPU k runs variant k mod VARIANTS. */
    static final int WORKLOAD_VARIANTS = 8;

    private ProgramBuilder() {
    }

    static List<List<GuestCode>> build(Scenario scenario, Problems problems) {
        AddressSpace space = new AddressSpace(scenario.guest().gpaWidth(), scenario.guest().ramBytes());
        Map<String, GuestCode> cache = new HashMap<>();
        List<List<GuestCode>> perGroup = new ArrayList<>();
        for (int g = 0; g < scenario.groups().size(); g++) {
            Scenario.Group group = scenario.groups().get(g);
            Map<String, Long> symbols = symbols(scenario, space, group.userMode());
            long origin = space.textBase(group.userMode());
            List<GuestCode> variants = new ArrayList<>();
            if (group.program() != null) {
                Scenario.Program program = scenario.programs().get(group.program());
                String key = group.program() + "/" + group.userMode();
                GuestCode code = cache.get(key);
                if (code == null && program != null && program.language() != Scenario.Program.Language.ASM) {
                    code = CPrograms.build(group.program(), program, group, scenario, space, problems);
                    if (code != null) {
                        cache.put(key, code);
                    }
                } else if (code == null && program != null) {
                    code = assemble(program.text(), symbols, origin, problems,
                            line -> program.file() + ":" + program.fileLine(line) + ": ",
                            "tdxsim.programs." + group.program());
                    if (code != null) {
                        cache.put(key, code);
                    }
                }
                if (code != null) {
                    variants.add(code);
                }
            } else if (group.workload() != null) {
                int count = Math.min(WORKLOAD_VARIANTS, group.count());
                for (int v = 0; v < count; v++) {
                    String text = WorkloadGenerator.generate(group.workload(), scenario.seed() * 31 + g * 1009L + v);
                    GuestCode code = assemble(text, symbols, origin, problems, line -> group.where(),
                            "tdxsim.vcpus[" + g + "].workload");
                    if (code != null) {
                        variants.add(code);
                    }
                }
            }
            perGroup.add(variants);
        }
        return perGroup;
    }

    private static Map<String, Long> symbols(Scenario scenario, AddressSpace space, boolean userMode) {
        Map<String, Long> symbols = new LinkedHashMap<>();
        for (Scenario.Device d : scenario.devices()) {
            // a port device's name is its first port, for `mov dx, com1`
            symbols.put(d.name(), d.port() ? d.base() : space.linearOf(d.base(), userMode));
        }
        symbols.put(io.tdxsim.sim.scenario.ScenarioLoader.RAM_SYMBOL, space.linearOf(0, userMode));
        // where the user mapping starts, for a kernel program handed a user pointer
        symbols.put(io.tdxsim.sim.scenario.ScenarioLoader.USER_SYMBOL, space.linearOf(0, true));
        return symbols;
    }

    /** @param where the "file:line: " prefix for a problem on a given program line */
    private static GuestCode assemble(String text, Map<String, Long> symbols, long origin, Problems problems,
                                      IntFunction<String> where, String key) {
        try {
            return GuestCode.of(Assembler.assemble(text, symbols, origin));
        } catch (AsmException e) {
            problems.addRaw(where.apply(e.line()) + key + ": program line " + e.line() + ": " + e.reason());
            return null;
        }
    }
}
