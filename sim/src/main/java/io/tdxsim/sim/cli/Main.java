package io.tdxsim.sim.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code tdxsim} command. */
@Command(name = "tdxsim", mixinStandardHelpOptions = true, version = "tdxsim 0.1.0",
        description = "Simulates Intel TDX guests doing MMIO: vCPU actors take #VEs, send TDVMCALLs to a VMM "
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

    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
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
