package io.tdxsim.sim.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import io.tdxsim.sim.run.Exploration;
import io.tdxsim.sim.run.NodeShare;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A worker node's actor: it registers with the cluster's receptionist, takes the campaign's
 * scenario from the coordinator, asks for one seed more than it runs at once and for one more
 * with each result (work pulling). Seeds run on threads of their own, each in its own actor
 * system as in a local exploration, so the node's own dispatcher stays free for messages.
 */
final class Worker extends AbstractBehavior<Worker.Command> {

    interface Command extends ClusterMessage {
    }

    static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "tdxsim-explore-worker");

    /** The campaign: the scenario's text as its first seed resolved it, and its name. */
    record Start(ActorRef<Coordinator.Command> coordinator, String name, String scenario) implements Command {
    }

    record Run(long seed) implements Command {
    }

    /** A split run: this node runs vCPUs {@code from} to {@code to - 1} of the scenario. */
    record Host(ActorRef<Hosting.Command> home, String name, String scenario, int from, int to) implements Command {
    }

    /** The campaign is over: every seed has its result, or the coordinator stopped. */
    record Finish(int results) implements Command {
    }

    private record Ran(long seed, Exploration.Seed result, Throwable error) implements Command {
    }

    private record CoordinatorGone() implements Command {
    }

    private record GiveUp() implements Command {
    }

    /**
     * How a worker's campaign or split run ended: with the Finish of the node that led it, or with
     * that node lost.
     *
     * @param work what this worker did, as "N seeds" or "vCPUs A..B"; null if it did nothing
     */
    record Ended(boolean finished, String work, String campaign) {
    }

    /** A Finish may reach this node after the news that the coordinator left: wait this long for it. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private final int jobs;
    private final CompletableFuture<Ended> ended;
    private final TimerScheduler<Command> timers;
    private final ExecutorService pool;
    /** Each seed thread runs its seeds one after another on one actor system, as a local job does. */
    private final List<Exploration.Runner> runners = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final ThreadLocal<Exploration.Runner> runner = ThreadLocal.withInitial(() -> {
        Exploration.Runner r = new Exploration.Runner();
        runners.add(r);
        return r;
    });
    private ActorRef<Coordinator.Command> coordinator;
    private String name;
    private String scenario;
    private int seedsRun;
    /** The vCPUs this node runs for a split run, or null. */
    private String hosted;

    static Behavior<Command> create(int jobs, CompletableFuture<Ended> ended) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Worker(ctx, timers, jobs, ended)));
    }

    private Worker(ActorContext<Command> context, TimerScheduler<Command> timers, int jobs,
                   CompletableFuture<Ended> ended) {
        super(context);
        this.jobs = jobs;
        this.ended = ended;
        this.timers = timers;
        this.pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "tdxsim-worker-seed");
            t.setDaemon(true);
            return t;
        });
        context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Start.class, this::onStart)
                .onMessage(Run.class, this::onRun)
                .onMessage(Host.class, this::onHost)
                .onMessage(Ran.class, this::onRan)
                .onMessage(Finish.class, f -> end(true))
                .onMessage(CoordinatorGone.class, g -> {
                    timers.startSingleTimer(new GiveUp(), GRACE);
                    return this;
                })
                .onMessage(GiveUp.class, g -> end(false))
                .onSignal(PostStop.class, s -> {
                    pool.shutdownNow();
                    runners.forEach(Exploration.Runner::close);
                    return this;
                })
                .build();
    }

    private Behavior<Command> onStart(Start start) {
        if (coordinator != null) {
            return this;                 // one campaign per worker node
        }
        coordinator = start.coordinator();
        name = start.name();
        scenario = start.scenario();
        getContext().watchWith(coordinator, new CoordinatorGone());
        // one seed more than run at once: the next is already here when a thread comes free, so no
        // thread waits for a round trip to the coordinator
        coordinator.tell(new Coordinator.Pull(getContext().getSelf(), jobs + 1));
        return this;
    }

    private Behavior<Command> onHost(Host host) {
        if (coordinator != null || hosted != null) {
            return this;                 // one campaign or run per worker node
        }
        name = host.name();
        hosted = "vCPUs " + host.from() + ".." + (host.to() - 1);
        getContext().watchWith(host.home(), new CoordinatorGone());
        try {
            Scenario s = ScenarioLoader.fromText(host.scenario(), name + ".conf");
            NodeShare checked = NodeShare.wire(s);
            host.home().tell(new Hosting.Ready(getContext().getSelf(),
                    getContext().spawn(VcpuHost.create(s, checked, host.from(), host.to()), "vcpus")));
        } catch (RuntimeException e) {
            String problem = e instanceof io.tdxsim.sim.scenario.ScenarioException se && !se.problems().isEmpty()
                    ? se.problems().get(0) : ClusterNode.rootMessage(e);
            host.home().tell(new Hosting.Failed(getContext().getSelf(), problem));
        }
        return this;
    }

    private Behavior<Command> onRun(Run run) {
        long seed = run.seed();
        CompletableFuture<Exploration.Seed> result = CompletableFuture.supplyAsync(() -> runner.get().run(
                ScenarioLoader.fromText(scenario, name + ".conf", List.of("seed=" + seed)), seed, null), pool);
        getContext().pipeToSelf(result, (r, e) -> new Ran(seed, r, e));
        return this;
    }

    private Behavior<Command> onRan(Ran ran) {
        if (ran.error() != null) {
            Throwable e = ran.error() instanceof java.util.concurrent.CompletionException && ran.error().getCause() != null
                    ? ran.error().getCause() : ran.error();
            coordinator.tell(new Coordinator.SeedFailed(getContext().getSelf(), ran.seed(), ClusterNode.rootMessage(e)));
        } else {
            seedsRun++;
            coordinator.tell(new Coordinator.Ran(getContext().getSelf(), ran.result()));
        }
        return this;
    }

    private Behavior<Command> end(boolean finished) {
        ended.complete(new Ended(finished, hosted != null ? hosted : String.format("%,d seed%s", seedsRun, seedsRun == 1 ? "" : "s"), name));
        return Behaviors.stopped();
    }
}
