package io.tdxsim.sim.run;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.Routers;
import io.tdxsim.vcpu.VcpuActor;
import io.tdxsim.vcpu.VcpuResult;
import io.tdxsim.vcpu.VcpuSpawner;
import io.tdxsim.vmm.AddressMap;
import io.tdxsim.vmm.DeviceActor;
import io.tdxsim.vmm.DeviceStats;
import io.tdxsim.vmm.VmmActor;
import io.tdxsim.vmm.VmmStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Root of a run: starts devices, the VMM and vCPUs, waits for every vCPU to finish, then
 * collects the statistics and hands them to the caller.
 */
final class RunGuardian extends AbstractBehavior<RunGuardian.Command> {

    interface Command {
    }

    private record VcpuDone(VcpuResult result) implements Command {
    }

    private record DeviceReport(DeviceStats stats) implements Command {
    }

    private record VmmReport(VmmStats stats) implements Command {
    }

    private record Snapshot(VcpuResult result) implements Command {
    }

    private record DeadLetterSeen(akka.actor.DeadLetter letter) implements Command {
    }

    private record FromNodes(Split.Event event) implements Command {
    }

    /** A branch spawned and started its vCPUs (a run of more than one branch's worth). */
    private record BranchSpawned(VcpuSpawner.Spawned spawned) implements Command {
    }

    /** A vCPU on another node is gone: only its node's loss ends one before the run is over. */
    private record VcpuLost(int vcpu, ActorRef<?> ref) implements Command {
    }

    /** Stop waiting for vCPUs (timeout or interruption) and collect what there is. */
    enum Finish implements Command { INSTANCE }

    /** The run's planned duration (wall-clock, or its virtual-time horizon) is over: stop and collect, as planned. */
    enum DurationReached implements Command { INSTANCE }

    /** Every vCPU has halted or is held at the virtual-time horizon: the run has run up to it. */
    private enum HorizonReached implements Command { INSTANCE }

    private final Wiring wiring;
    private final CompletableFuture<Collected> result;
    private final ActorRef<VmmActor.Command> vmm;
    private final Collected collected;
    private final List<ActorRef<VcpuActor.Command>> vcpus = new ArrayList<>();
    private final java.util.BitSet finished = new java.util.BitSet();
    private int snapshotsExpected;
    private boolean collecting;
    /** The vCPUs on other nodes, or null for a run in this JVM. */
    private final Split split;
    /** Other nodes whose exit figures have not arrived (once asked for). */
    private int partsPending = -1;
    private boolean reportsAsked;
    private ActorRef<VcpuResult> snapshots;

    /** What the guardian gathered; read after the future completes. */
    static final class Collected {
        final VcpuTally tally;
        final DeviceStats[] devices;
        VmmStats vmm;
        boolean complete;
        /** The run ended at its virtual-time horizon (not when its vCPUs halted, nor by wall clock). */
        boolean horizonReached;
        long deadLetters;

        /** How many stats reports each device sends (a pooled device: one per instance). */
        final int[] reportsPerDevice;

        Collected(int vcpus, int deviceCount) {
            tally = new VcpuTally(vcpus);
            devices = new DeviceStats[deviceCount];
            reportsPerDevice = new int[deviceCount];
            java.util.Arrays.fill(reportsPerDevice, 1);
        }
    }

    static Behavior<Command> create(Wiring wiring, CompletableFuture<Collected> result) {
        return Behaviors.setup(context -> new RunGuardian(context, wiring, result));
    }

    private RunGuardian(ActorContext<Command> context, Wiring wiring, CompletableFuture<Collected> result) {
        super(context);
        this.wiring = wiring;
        this.result = result;
        this.collected = new Collected(wiring.vcpus().size(), wiring.devices().size());
        AddressMap.Builder<ActorRef<DeviceActor.Command>> map = AddressMap.builder();
        // The VMM and the one-at-a-time devices on threads of their own keep their state in one
        // core's cache; a lockless device's pool stays with the vCPUs, whose threads it needs to race.
        akka.actor.typed.Props serving = DispatcherSetting.servingProps(context.getSystem());
        for (int i = 0; i < wiring.devices().size(); i++) {
            Wiring.DeviceInstance d = wiring.devices().get(i);
            ActorRef<DeviceActor.Command> ref;
            if (d.model().contract().concurrent()) {
                // Lockless device: a pool of actors shares the thread-safe model; a vCPU always
                // reaches the same instance, so its own calls stay in program order.
                int pool = wiring.poolSize();
                collected.reportsPerDevice[i] = pool;
                ref = context.spawn(Routers.pool(pool, DeviceActor.create(i, d.name(), d::model, d.serviceNs(), 0,
                                null, d.faults(), wiring.dma()))
                        .withConsistentHashingRouting(10, RunGuardian::routingKey)
                        .withBroadcastPredicate(m -> m instanceof DeviceActor.GetStats), "device-" + d.name());
            } else {
                ref = context.spawn(DeviceActor.create(i, d.name(), firstThenFresh(d), d.serviceNs(),
                        wiring.scheduleLimit(), wiring.replay() == null ? null : wiring.replay()[i], d.faults(),
                        wiring.dma()),
                        "device-" + d.name(), serving);
            }
            if (d.port()) {
                map.addPorts(d.name(), d.base(), d.size(), ref);
            } else {
                map.add(d.name(), d.base(), d.size(), ref);
            }
        }
        AddressMap<ActorRef<DeviceActor.Command>> built = map.build();
        io.tdxsim.vmm.VmmCore<ActorRef<DeviceActor.Command>> core = new io.tdxsim.vmm.VmmCore<>(wiring.vmm(), built);
        io.tdxsim.vmm.InterruptRouter.Route[] routes = new io.tdxsim.vmm.InterruptRouter.Route[wiring.devices().size()];
        for (int i = 0; i < routes.length; i++) {
            routes[i] = wiring.devices().get(i).interrupts();
        }
        if (java.util.Arrays.stream(routes).anyMatch(java.util.Objects::nonNull)) {
            core.routeInterrupts(new io.tdxsim.vmm.InterruptRouter(routes, wiring.vcpus().size()));
        }
        if (wiring.replay() == null) {           // a replaying device serves in the recorded order, not as sent
            for (AddressMap.Range<ActorRef<DeviceActor.Command>> r : built.ranges()) {
                Wiring.DeviceInstance d = wiring.devices().get(indexOf(wiring, r.name()));
                core.foreseeService(r.target(), d.serviceNs(), !d.model().contract().concurrent());
            }
        }
        for (AddressMap.Range<ActorRef<DeviceActor.Command>> r : built.ranges()) {
            if (wiring.devices().get(indexOf(wiring, r.name())).model().talksBack()) {
                core.talksBack(r.target());
            }
        }
        vmm = context.spawn(VmmActor.create(core,
                context.messageAdapter(VmmActor.HorizonReached.class,
                        h -> h.stall() == null ? HorizonReached.INSTANCE : Finish.INSTANCE)), "vmm", serving);
        ActorRef<VcpuResult> done = context.messageAdapter(VcpuResult.class, VcpuDone::new);
        this.split = wiring.split();
        if (split != null) {                     // before this node's vCPUs run: it may watch their memory
            io.tdxsim.vcpu.VcpuSpec any = wiring.vcpus().get(0);
            split.start(context, vmm, any.memory(), any.costs().memoryEvents(), done,
                    context.messageAdapter(Split.Event.class, FromNodes::new));
        }
        int count = wiring.vcpus().size();
        // a split run places single vCPUs on nodes, so here too each has an actor of its own
        int perActor = split != null ? 1 : VcpuSpawner.perActor(count, wiring.vcpuActors());
        VcpuSpawner spawner = new VcpuSpawner("vcpu-", wiring.vcpus()::get, count, perActor, vmm, done,
                wiring.recorder());
        if (split == null && count > VcpuSpawner.PER_BRANCH) {   // large runs spawn in parallel branches
            ActorRef<VcpuSpawner.Spawned> spawned = context.messageAdapter(VcpuSpawner.Spawned.class,
                    BranchSpawned::new);
            vcpus.addAll(java.util.Collections.nCopies(count, null));    // known once their branch answers
            spawner.spawnInBranches(context, true, spawned);
        }
        for (int first = vcpus.size(); first < count; first += perActor) {
            if (split != null && !split.here(first)) {
                vcpus.add(null);                 // known once its node says it runs
                continue;
            }
            ActorRef<VcpuActor.Command> actor = spawner.spawn(context, first);
            for (int v = first; v < first + spawner.actorSize(first); v++) {
                vcpus.add(actor);
                actor.tell(new VcpuActor.Start(v));
            }
        }
        context.getSystem().eventStream().tell(new akka.actor.typed.eventstream.EventStream.Subscribe<>(
                akka.actor.DeadLetter.class, context.messageAdapter(akka.actor.DeadLetter.class, DeadLetterSeen::new)));
    }

    private static int indexOf(Wiring wiring, String device) {
        for (int i = 0; i < wiring.devices().size(); i++) {
            if (wiring.devices().get(i).name().equals(device)) {
                return i;
            }
        }
        throw new IllegalStateException("no device " + device);
    }

    private static String routingKey(DeviceActor.Command message) {
        return message instanceof DeviceActor.Access a ? Integer.toString(a.call().vcpu()) : "";
    }

    /** Hands out the already-validated model first, fresh ones on later restarts. */
    private static java.util.function.Supplier<io.tdxsim.devices.MmioDevice> firstThenFresh(Wiring.DeviceInstance d) {
        boolean[] used = {false};
        return () -> {
            if (!used[0]) {
                used[0] = true;
                return d.model();
            }
            return d.factory().get();
        };
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(VcpuDone.class, this::onVcpuDone)
                .onMessage(FromNodes.class, this::onFromNodes)
                .onMessage(BranchSpawned.class, this::onBranchSpawned)
                .onMessage(VcpuLost.class, lost -> {
                    result.completeExceptionally(new Split.NodeLost("the node at " + lost.ref().path().address()
                            .hostPort().replaceFirst("^.*@", "") + " running vCPU " + lost.vcpu()
                            + " was lost before the run was over"));
                    return Behaviors.stopped();
                })
                .onMessage(DeadLetterSeen.class, d -> {
                    collected.deadLetters++;
                    return this;
                })
                .onMessage(Snapshot.class, s -> {
                    // counted once: a vCPU whose snapshot is in is not counted again when it ends
                    if (!finished.get(s.result().index())) {
                        finished.set(s.result().index());
                        collected.tally.addSnapshot(s.result());
                    }
                    snapshotsExpected--;
                    return maybeDone();
                })
                .onMessageEquals(Finish.INSTANCE, () -> collect(false))
                .onMessageEquals(DurationReached.INSTANCE, () -> endAsPlanned(false))
                .onMessageEquals(HorizonReached.INSTANCE, () -> endAsPlanned(true))
                .onMessage(DeviceReport.class, r -> {
                    for (int i = 0; i < collected.devices.length; i++) {
                        if (wiring.devices().get(i).name().equals(r.stats().name)) {
                            if (collected.devices[i] == null) {
                                collected.devices[i] = r.stats();
                            } else {
                                collected.devices[i].add(r.stats());
                            }
                            collected.reportsPerDevice[i]--;
                            break;
                        }
                    }
                    return maybeDone();
                })
                .onMessage(VmmReport.class, r -> {
                    collected.vmm = r.stats();
                    return maybeDone();
                })
                .build();
    }

    private Behavior<Command> onBranchSpawned(BranchSpawned b) {
        int first = b.spawned().first();
        for (int i = 0; i < b.spawned().vcpus().size(); i++) {
            vcpus.set(first + i, b.spawned().vcpus().get(i));
            if (collecting && reportsAsked && !finished.get(first + i)) {
                askReport(first + i);            // the run was stopped before this branch had spawned
            }
        }
        return this;
    }

    private Behavior<Command> onFromNodes(FromNodes from) {
        if (from.event() instanceof Split.Spawned s) {
            for (int i = 0; i < s.vcpus().size(); i++) {
                vcpus.set(s.first() + i, s.vcpus().get(i));
                getContext().watchWith(s.vcpus().get(i), new VcpuLost(s.first() + i, s.vcpus().get(i)));
                if (collecting && reportsAsked && !finished.get(s.first() + i)) {
                    askReport(s.first() + i);    // the run was stopped before this node's vCPUs ran
                }
            }
            return this;
        }
        wiring.recorder().absorb(((Split.Exits) from.event()).part());
        partsPending--;
        return maybeDone();
    }

    private Behavior<Command> onVcpuDone(VcpuDone done) {
        if (finished.get(done.result().index())) {
            return this;
        }
        finished.set(done.result().index());
        collected.tally.add(done.result());
        if (wiring.progress() != null) {
            wiring.progress().vcpuFinished();
        }
        if (collected.tally.finished() == wiring.vcpus().size()) {
            return collect(true);
        }
        return this;
    }

    /**
     * The run's planned end came, its wall-clock duration or (when {@code horizon}) its virtual
     * horizon: the vCPUs still running report, and the run counts as complete.
     */
    private Behavior<Command> endAsPlanned(boolean horizon) {
        collect(false);
        collected.complete = true;
        if (horizon) {
            collected.horizonReached = true;
        }
        return this;
    }

    private Behavior<Command> collect(boolean complete) {
        if (collecting) {
            return this;
        }
        collecting = true;
        collected.complete = complete;
        // The VMM first: it stops serving, asks the devices for their figures behind every access
        // it routed, and answers once every vCPU has halted or reported (see VmmActor.Collect).
        ActorRef<DeviceStats> deviceReplies = getContext().messageAdapter(DeviceStats.class, DeviceReport::new);
        ActorRef<VmmStats> vmmReplies = getContext().messageAdapter(VmmStats.class, VmmReport::new);
        vmm.tell(new VmmActor.Collect(vmmReplies, deviceReplies));
        if (!complete) {
            reportsAsked = true;
            for (int v = 0; v < vcpus.size(); v++) {
                if (!finished.get(v) && vcpus.get(v) != null) {
                    askReport(v);
                }
            }
        }
        return maybeDone();
    }

    private void askReport(int v) {
        if (snapshots == null) {
            snapshots = getContext().messageAdapter(VcpuResult.class, Snapshot::new);
        }
        snapshotsExpected++;
        vcpus.get(v).tell(new VcpuActor.Report(v, snapshots));
    }

    private Behavior<Command> maybeDone() {
        if (!collecting || collected.vmm == null || snapshotsExpected > 0) {
            return this;
        }
        if (split != null && partsPending < 0) {
            partsPending = split.nodes();       // every vCPU there has ended or reported: its figures are final
            split.collect();
        }
        if (partsPending > 0) {
            return this;
        }
        for (int remaining : collected.reportsPerDevice) {
            if (remaining > 0) {
                return this;
            }
        }
        result.complete(collected);
        return Behaviors.stopped();
    }
}
