package io.tdxsim.sim.cli;

import io.tdxsim.devices.DeviceCatalog;
import io.tdxsim.devices.DeviceModel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the built-in device models with their registers and parameters.")
final class DevicesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (DeviceModel m : DeviceCatalog.builtIns()) {
            System.out.printf("%s - %s%n", m.name(), m.summary());
            System.out.println("  registers:");
            for (DeviceModel.Register r : m.registers()) {
                System.out.printf("    0x%03x  %-20s %d byte%s %-3s %s%n", r.offset(), r.name(), r.size(),
                        r.size() == 1 ? " " : "s", r.access(), r.description());
            }
            if (!m.params().isEmpty()) {
                System.out.println("  params { }:");
                for (DeviceModel.Param p : m.params()) {
                    System.out.printf("    %-20s (default %s) %s%n", p.key(), p.defaultValue(), p.description());
                }
            }
            System.out.println();
        }
        System.out.println("Use one in a scenario: devices = [ { name = dev0, model = <name>, base = 0xfe000000, "
                + "params { ... } } ]");
        return Main.OK;
    }
}
