package io.tdxsim.sim.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import io.tdxsim.sim.scenario.HostPort;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The worker command's node: joins the coordinator, runs seeds until the campaign is over. */
public final class WorkerNode {

    /** Exit codes as the commands use them. */
    public static final int OK = 0;
    public static final int LOST = 1;
    public static final int BAD_INPUT = 2;

    private WorkerNode() {
    }

    /**
     * @param host the address this worker is reached at, or null for the one that routes to
     *             the coordinator
     * @param port where this worker listens (0: any free port)
     */
    public static int run(HostPort join, String host, int port, int jobs, long joinTimeoutMs, PrintStream out,
                          PrintStream err) {
        ActorSystem<Void> system;
        HostPort self;
        try {
            self = new HostPort(host != null ? host : ClusterNode.addressTowards(join), port);
            system = ClusterNode.start(Behaviors.empty(), self, join, ClusterNode.WORKER);
        } catch (NodeException e) {
            err.println("tdxsim: worker: " + e.getMessage());
            return BAD_INPUT;
        }
        try {
            HostPort bound = new HostPort(self.host(), (Integer) system.address().port().get());
            CompletableFuture<Void> up = new CompletableFuture<>();
            akka.cluster.Cluster.get(Adapter.toClassic(system)).registerOnMemberUp(() -> up.complete(null));
            try {
                up.get(joinTimeoutMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                err.printf("tdxsim: worker: cannot join the cluster at %s within %ds: is `tdxsim explore --cluster %s` "
                        + "running there, and can it reach this worker at %s (--host)?%n", join, joinTimeoutMs / 1000,
                        join, bound);
                return BAD_INPUT;
            }
            out.printf("tdxsim worker: joined %s as %s, %d seed%s at once%n", join, bound, jobs, jobs == 1 ? "" : "s");
            CompletableFuture<Worker.Ended> ended = new CompletableFuture<>();
            system.systemActorOf(Worker.create(jobs, ended), "explore-worker", Props.empty());
            // a node the cluster downed (its coordinator crashed, say) ends the campaign too
            system.getWhenTerminated().thenRun(() -> ended.complete(new Worker.Ended(false, null, null)));
            Worker.Ended e = ended.get();
            if (e.finished()) {
                out.printf("tdxsim worker: the %s of %s is over; this worker ran %s%n",
                        e.work().startsWith("vCPUs") ? "run" : "campaign", e.campaign(), e.work());
                return OK;
            }
            err.printf("tdxsim: worker: lost the coordinator at %s%s%n", join,
                    e.work() == null ? "" : " after running " + e.work());
            return LOST;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LOST;
        } catch (ExecutionException e) {
            err.println("tdxsim: worker: " + ClusterNode.rootMessage(e));
            return LOST;
        } finally {
            io.tdxsim.sim.run.ActorSystems.shutDown(system, java.time.Duration.ofSeconds(30));
        }
    }
}
