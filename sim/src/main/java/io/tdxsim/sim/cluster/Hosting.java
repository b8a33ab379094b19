package io.tdxsim.sim.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The home node of a split run before it starts: it takes the first {@code workers} workers that
 * register, gives each the scenario and a contiguous range of vCPUs (the home node keeps the
 * first), and is done once every one has wired the scenario and is ready to spawn them.
 */
final class Hosting extends AbstractBehavior<Hosting.Command> {

    interface Command extends ClusterMessage {
    }

    /** A worker wired the scenario; its vCPUs run under {@code host}. */
    record Ready(ActorRef<Worker.Command> worker, ActorRef<VcpuHost.Command> host) implements Command {
    }

    /** A worker could not wire the scenario (the same problem would stop a local run). */
    record Failed(ActorRef<Worker.Command> worker, String problem) implements Command {
    }

    private record Listed(Receptionist.Listing listing) implements Command {
    }

    private record TooFew() implements Command {
    }

    /** @param ranges vCPU index bounds: node k runs ranges[k] to ranges[k + 1] - 1; node 0 is this one */
    record Plan(String name, String scenario, int[] ranges, Duration joinTimeout, String at) {
        int workers() {
            return ranges.length - 2;
        }
    }

    /** The workers, in node order, and their vCPU hosts. */
    record Hosts(List<ActorRef<Worker.Command>> workers, List<ActorRef<VcpuHost.Command>> hosts) {
    }

    private final Plan plan;
    private final CompletableFuture<Hosts> ready;
    private final PrintStream log;
    private final List<ActorRef<Worker.Command>> taken = new ArrayList<>();
    private final Set<ActorRef<Worker.Command>> readyOnes = new LinkedHashSet<>();
    private final ActorRef<VcpuHost.Command>[] hosts;

    static Behavior<Command> create(Plan plan, CompletableFuture<Hosts> ready, PrintStream log) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(t -> new Hosting(ctx, t, plan, ready, log)));
    }

    @SuppressWarnings("unchecked")
    private Hosting(ActorContext<Command> context, TimerScheduler<Command> timers, Plan plan,
                    CompletableFuture<Hosts> ready, PrintStream log) {
        super(context);
        this.plan = plan;
        this.ready = ready;
        this.log = log;
        this.hosts = new ActorRef[plan.workers()];
        context.getSystem().receptionist().tell(Receptionist.subscribe(Worker.KEY,
                context.messageAdapter(Receptionist.Listing.class, Listed::new)));
        timers.startSingleTimer(new TooFew(), plan.joinTimeout());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Listed.class, this::onListed)
                .onMessage(Ready.class, this::onReady)
                .onMessage(Failed.class, f -> fail("the worker at " + CampaignLog.node(f.worker())
                        + " cannot run the scenario: " + f.problem()))
                .onMessage(TooFew.class, t -> ready.isDone() ? this : fail(readyOnes.size() + " of " + plan.workers()
                        + " worker" + (plan.workers() == 1 ? "" : "s") + " joined " + plan.at() + " within "
                        + plan.joinTimeout().toSeconds() + "s (start each with: tdxsim worker --join " + plan.at() + ")"))
                .build();
    }

    private Behavior<Command> onListed(Listed listed) {
        for (ActorRef<Worker.Command> w : listed.listing().getServiceInstances(Worker.KEY)) {
            if (taken.size() < plan.workers() && !taken.contains(w)) {
                int node = taken.size() + 1;
                taken.add(w);
                w.tell(new Worker.Host(getContext().getSelf(), plan.name(), plan.scenario(), plan.ranges()[node],
                        plan.ranges()[node + 1]));
            }
        }
        return this;
    }

    private Behavior<Command> onReady(Ready r) {
        int node = taken.indexOf(r.worker());
        if (node < 0 || !readyOnes.add(r.worker())) {
            return this;
        }
        hosts[node] = r.host();
        log.printf("tdxsim run: worker %s joined, vCPUs %d..%d%n", CampaignLog.node(r.worker()), plan.ranges()[node + 1],
                plan.ranges()[node + 2] - 1);
        if (readyOnes.size() == plan.workers()) {
            ready.complete(new Hosts(List.copyOf(taken), List.of(hosts)));
        }
        return this;
    }

    private Behavior<Command> fail(String problem) {
        ready.completeExceptionally(new NodeException(problem));
        return Behaviors.stopped();
    }
}
