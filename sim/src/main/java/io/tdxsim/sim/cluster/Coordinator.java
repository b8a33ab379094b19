package io.tdxsim.sim.cluster;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import io.tdxsim.sim.run.Exploration;
import io.tdxsim.sim.run.RunProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The coordinator of a campaign: it hands seeds to the workers that register, as many as each
 * asks for, keeps each result by seed, and hands a lost worker's seeds to the others. A worker is
 * lost when its node becomes unreachable or leaves; a result that still comes from it later is
 * kept like any other (the same seed gives the same result anywhere).
 */
final class Coordinator extends AbstractBehavior<Coordinator.Command> {

    interface Command extends ClusterMessage {
    }

    /** A worker joins with room for {@code slots} seeds: one more than it runs at once. */
    record Pull(ActorRef<Worker.Command> worker, int slots) implements Command {
    }

    /** A seed's result; its slot is free again. */
    record Ran(ActorRef<Worker.Command> worker, Exploration.Seed result) implements Command {
    }

    /** A seed could not run on a worker (the same scenario fails the same way anywhere). */
    record SeedFailed(ActorRef<Worker.Command> worker, long seed, String problem) implements Command {
    }

    /** Ctrl-C on the coordinator: end with the seeds that ran. */
    record Stop() implements Command {
    }

    private record Listed(Receptionist.Listing listing) implements Command {
    }

    private record WorkerGone(ActorRef<Worker.Command> worker) implements Command {
    }

    private record Unreachable(Address node) implements Command {
    }

    private record NoWorker() implements Command {
    }

    /** @param problem why the campaign ended before every seed ran, or null */
    record Outcome(List<Exploration.Seed> seeds, boolean stopped, String problem) {
    }

    /** What a campaign is: the first seed's scenario as text, and the seeds. */
    record Plan(String name, String scenario, long first, int count, Duration joinTimeout, boolean logTenths) {
    }

    private final Plan plan;
    private final SeedBook<ActorRef<Worker.Command>> book;
    private final Set<ActorRef<Worker.Command>> started = new HashSet<>();
    private final RunProgress progress;
    private final CampaignLog log;
    private final CompletableFuture<Outcome> outcome;
    private final TimerScheduler<Command> timers;

    static Behavior<Command> create(Plan plan, RunProgress progress, PrintStream log, CompletableFuture<Outcome> outcome) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(t -> new Coordinator(ctx, t, plan, progress, log, outcome)));
    }

    private Coordinator(ActorContext<Command> context, TimerScheduler<Command> timers, Plan plan, RunProgress progress,
                        PrintStream log, CompletableFuture<Outcome> outcome) {
        super(context);
        this.plan = plan;
        this.book = new SeedBook<>(plan.first(), plan.count());
        this.progress = progress;
        this.log = new CampaignLog(log, plan.count(), plan.logTenths());
        this.outcome = outcome;
        this.timers = timers;
        context.getSystem().receptionist().tell(Receptionist.subscribe(Worker.KEY,
                context.messageAdapter(Receptionist.Listing.class, Listed::new)));
        Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(context.messageAdapter(
                ClusterEvent.UnreachableMember.class, u -> new Unreachable(u.member().address())),
                ClusterEvent.UnreachableMember.class));
        timers.startSingleTimer(new NoWorker(), plan.joinTimeout());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Listed.class, this::onListed)
                .onMessage(Pull.class, this::onPull)
                .onMessage(Ran.class, this::onRan)
                .onMessage(SeedFailed.class, f -> finish(true, "seed " + f.seed() + " failed on the worker at "
                        + CampaignLog.node(f.worker()) + ": " + f.problem()))
                .onMessage(WorkerGone.class, g -> lose(g.worker(), "left"))
                .onMessage(Unreachable.class, this::onUnreachable)
                .onMessage(NoWorker.class, n -> book.workers() > 0 ? this : finish(true, "no worker joined "
                        + CampaignLog.hostPort(getContext().getSystem().address()) + " within " + plan.joinTimeout().toSeconds()
                        + "s (start one with: tdxsim worker --join HOST:PORT)"))
                .onMessage(Stop.class, s -> finish(true, null))
                .build();
    }

    private Behavior<Command> onListed(Listed listed) {
        for (ActorRef<Worker.Command> w : listed.listing().getServiceInstances(Worker.KEY)) {
            if (started.add(w)) {              // a worker is started once, even if lost and listed again
                welcome(w);
                w.tell(new Worker.Start(getContext().getSelf(), plan.name(), plan.scenario()));
            }
        }
        return this;
    }

    private void welcome(ActorRef<Worker.Command> w) {
        book.join(w);
        getContext().watchWith(w, new WorkerGone(w));
        timers.cancel(NoWorker.class);
    }

    private Behavior<Command> onPull(Pull pull) {
        if (!book.knows(pull.worker())) {
            return this;
        }
        log.joined(pull.worker(), pull.slots() - 1);
        book.credit(pull.worker(), pull.slots());
        return dispatch();
    }

    private Behavior<Command> onRan(Ran ran) {
        if (!book.knows(ran.worker())) {
            welcome(ran.worker());             // it was taken for lost but is back: it works on
        }
        if (book.record(ran.worker(), ran.result())) {
            if (progress != null) {
                progress.seedDone(ran.result().exits());
            }
            log.done(book.doneCount(), book.workers());
        }
        return book.complete() ? finish(false, null) : dispatch();
    }

    private Behavior<Command> onUnreachable(Unreachable u) {
        for (ActorRef<Worker.Command> w : book.workerList()) {
            if (w.path().address().equals(u.node())) {
                lose(w, "unreachable");
            }
        }
        return this;
    }

    private Behavior<Command> lose(ActorRef<Worker.Command> w, String how) {
        if (!book.knows(w)) {
            return this;
        }
        int back = book.lose(w);
        getContext().unwatch(w);
        log.lost(w, how, back);
        if (book.workers() == 0) {
            timers.startSingleTimer(new NoWorker(), plan.joinTimeout());
        }
        return dispatch();
    }

    private Behavior<Command> dispatch() {
        for (SeedBook.Assignment<ActorRef<Worker.Command>> a : book.assign()) {
            a.worker().tell(new Worker.Run(a.seed()));
        }
        return this;
    }

    private Behavior<Command> finish(boolean early, String problem) {
        for (ActorRef<Worker.Command> w : started) {
            w.tell(new Worker.Finish(book.doneCount()));
        }
        outcome.complete(new Outcome(book.results(), early, problem));
        return Behaviors.ignore();             // the node shuts down next
    }
}
