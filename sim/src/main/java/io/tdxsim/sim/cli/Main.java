package io.tdxsim.sim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code tdxsim} command. */
@Command(name = "tdxsim", mixinStandardHelpOptions = true, version = "tdxsim 0.1.0",
        description = "Simulates Intel TDX guests doing MMIO: vCPUs on actors take #VEs, send TDVMCALLs to a VMM "
                + "actor, which routes them to device actors.",
        subcommands = {RunCommand.class, ValidateCommand.class, DecodeCommand.class, DevicesCommand.class, ReplayCommand.class, CompareCommand.class, ExploreCommand.class, WorkerCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    /** Exit codes: 0 ok, 1 a scenario check failed, 2 bad input. */
    public static final int OK = 0;
    public static final int CHECK_FAILED = 1;
    public static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        // Bind SLF4J before Akka starts logging from several threads at once.
        org.slf4j.LoggerFactory.getILoggerFactory();
        System.exit(execute(args));
    }

    /** The handler profiles (guest.handler) and the kernel each models, for the commands that run one. */
    static String[] profileHelp() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add("");
        lines.add("Handler profiles (guest.handler), each modelling one kernel:");
        for (io.tdxsim.vcpu.handler.HandlerProfile p : io.tdxsim.vcpu.handler.HandlerProfile.values()) {
            // wrapped here, within 80 columns, so the help keeps the description's indent
            StringBuilder line = new StringBuilder(String.format("  %-15s", p.id()));
            for (String word : p.kernel().split(" ")) {
                if (line.length() + 1 + word.length() > 79) {
                    lines.add(line.toString());
                    line = new StringBuilder(" ".repeat(17));
                } else if (!line.toString().isBlank() && line.length() > 17) {
                    line.append(' ');
                }
                line.append(word);
            }
            lines.add(line.toString());
        }
        return lines.toArray(String[]::new);
    }

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        for (String name : new String[] {"run", "validate", "compare", "explore", "decode"}) {
            cli.getSubcommands().get(name).getCommandSpec().usageMessage().footer(profileHelp());
        }
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("tdxsim: internal error: " + ex);
            return 3;
        });
        cli.setParameterExceptionHandler((ex, args1) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("tdxsim: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for usage.");
            return BAD_INPUT;
        });
        return cli.execute(args);
    }
}
