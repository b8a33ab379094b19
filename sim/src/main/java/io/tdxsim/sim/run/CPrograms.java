package io.tdxsim.sim.run;

import io.tdxsim.sim.scenario.Problems;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.vcpu.AddressSpace;
import io.tdxsim.vcpu.c.ElfImage;
import io.tdxsim.vcpu.c.GccBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a scenario's C program with gcc or reads its prebuilt ELF, once per scenario; a
 * problem becomes one line naming the scenario file's line (the C line gcc complained about).
 */
final class CPrograms {

    private CPrograms() {
    }

    static GuestCode build(String name, Scenario.Program program, Scenario.Group group, Scenario scenario,
                           AddressSpace space, Problems problems) {
        String key = "tdxsim.programs." + name;
        boolean c = program.language() == Scenario.Program.Language.C;
        if (group.userMode()) {
            problems.addRaw(group.where() + "tdxsim.vcpus: program " + name + ": a " + (c ? "C program" : "ELF") + " runs in kernel mode"
                    + " (it is linked at the kernel's addresses); expected user-mode = false");
            return null;
        }
        try {
            ElfImage image;
            if (c) {
                Map<String, Long> devices = new LinkedHashMap<>();
                for (Scenario.Device d : scenario.devices()) {
                    devices.put(d.name(), space.linearOf(d.base(), false));
                }
                image = GccBuild.build(name, program.text(), program.cflags(), devices);
            } else {
                image = ElfImage.parse(Files.readAllBytes(Path.of(program.text())));
            }
            return GuestCode.of(image);
        } catch (GccBuild.BuildError e) {
            String where = e.line() > 0 ? program.file() + ":" + program.fileLine(e.line()) + ": " : program.where();
            problems.addRaw(where + key + ".c: " + e.getMessage());
        } catch (ElfImage.BadElf e) {
            problems.addRaw(program.where() + key + ".elf: " + program.text() + ": " + e.getMessage());
        } catch (IOException e) {
            problems.addRaw(program.where() + key + ".elf: cannot read " + program.text() + " (" + e.getMessage() + ")");
        }
        return null;
    }
}
