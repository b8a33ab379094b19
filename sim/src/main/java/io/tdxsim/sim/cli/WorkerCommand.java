package io.tdxsim.sim.cli;

import io.tdxsim.sim.cluster.WorkerNode;
import io.tdxsim.sim.scenario.HostPort;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Join an explore campaign's coordinator (`tdxsim explore FILE --cluster HOST:PORT`) as a "
                + "worker node and run the seeds it hands out, as many at once as --jobs says, until the campaign "
                + "is over; or join a split run (`tdxsim run FILE --cluster HOST:PORT`) and run the vCPUs it "
                + "hands this node until the run is over.",
                "Exit codes: 0 the campaign or run is over, 1 the coordinator was lost, 2 bad input or the cluster "
                        + "could not be joined."})
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--join", required = true, paramLabel = "HOST:PORT",
            description = "Where the coordinator listens (its --cluster address).")
    String join;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "The address the coordinator reaches this worker at (default: this machine's address "
                    + "on the route to the coordinator).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "Where this worker listens (default 0: any free port).")
    int port;

    @Option(names = "--jobs", paramLabel = "J", defaultValue = "0",
            description = "Seeds run at once (default 0: one per processor).")
    int jobs;

    @Option(names = "--join-timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long to try joining before giving up (default 60s; e.g. 90s, 5m).")
    String joinTimeout;

    @Override
    public Integer call() {
        HostPort at;
        try {
            at = HostPort.parse(join);
        } catch (IllegalArgumentException e) {
            System.err.println("tdxsim: --join " + join + ": " + e.getMessage());
            return Main.BAD_INPUT;
        }
        if (host != null && !host.matches("[A-Za-z0-9._:%-]+")) {
            System.err.println("tdxsim: --host " + host + ": expected a host name or address");
            return Main.BAD_INPUT;
        }
        if (port < 0 || port > 65535) {
            System.err.println("tdxsim: --port " + port + ": expected 0 (any free port) to 65535");
            return Main.BAD_INPUT;
        }
        if (jobs < 0 || jobs > 256) {
            System.err.println("tdxsim: --jobs " + jobs + ": expected 0 (one per processor) to 256");
            return Main.BAD_INPUT;
        }
        long timeoutMs;
        try {
            timeoutMs = Duration.parse("PT" + joinTimeout.toUpperCase(java.util.Locale.ROOT)).toMillis();
        } catch (DateTimeParseException e) {
            timeoutMs = -1;
        }
        if (timeoutMs < 1) {
            System.err.println("tdxsim: --join-timeout " + joinTimeout + ": expected a duration such as 60s or 5m");
            return Main.BAD_INPUT;
        }
        int j = jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
        return WorkerNode.run(at, host, port, j, timeoutMs, System.out, System.err);
    }
}
