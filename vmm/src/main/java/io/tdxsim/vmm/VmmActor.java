package io.tdxsim.vmm;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;

/**
 * The VMM actor: carries TDVMCALLs, device answers and vCPU completions to its {@link VmmCore}
 * and the core's decisions back out. It owns no state of its own (its message carriers hold none
 * between calls), so the supervisor's restart (on an injected crash) resumes with the mailbox and
 * the core intact.
 */
public final class VmmActor extends AbstractBehavior<VmmActor.Command> implements VmmCore.Outbox<ActorRef<DeviceActor.Command>> {

    public interface Command {
    }

    /**
     * What the VMM sends a vCPU: the answer to its call, or word that no more answers will come.
     * Each names the vCPU it is for: one actor may run many vCPUs, and the reply refs of its vCPUs
     * are all its own.
     */
    public interface Reply {
        int vcpu();
    }

    /** Everything the VMM sent this vCPU before its {@link Stopped} has been delivered before this. */
    public record Drained(int vcpu) implements Reply { }

    /** The vCPU's {@link MemoryTurn} came: it executes its instruction, then sends {@link MemoryDone}. */
    public record TurnGranted(int vcpu) implements Reply { }

    /**
     * The turn of a spin loop's pass came after the engine accounted for {@code passes} passes
     * that repeat the last one: the vCPU adds their time and instructions, then runs as on {@link TurnGranted}.
     */
    public record SpinTurnGranted(int vcpu, long passes) implements Reply {
    }

    /**
     * The vCPU executed the instruction of its turn and is at virtual time {@code vt};
     * {@code changed}: the instruction changed memory (when not known, say true).
     */
    public record MemoryDone(int vcpu, long vt, boolean changed) implements Command {
        public MemoryDone(int vcpu, long vt) {
            this(vcpu, vt, true);
        }
    }

    /**
     * A vCPU that runs without calls (a spin on a lock in RAM) says how far it got: its next
     * event cannot come before {@code bound}, so the engine need not hold others back for it.
     */
    public record Progress(int vcpu, long bound) implements Command {
    }

    /** Closes the VMM at once and hands over its figures (tests; a run uses {@link Collect}). */
    public record GetStats(ActorRef<VmmStats> replyTo) implements Command {
    }

    /**
     * The run is over: serve no more calls, ask every device for its figures (after every access
     * the VMM sent it, so none is in transit), and hand over the VMM's own once every vCPU has
     * halted or been stopped (so no call of theirs is in transit either).
     */
    public record Collect(ActorRef<VmmStats> replyTo, ActorRef<DeviceStats> deviceReplies) implements Command {
    }

    /**
     * A vCPU stopped for the run's report: it sends this after any call it made, and the VMM
     * answers {@link Drained} on {@code replyTo} after any answer it sent, so both directions are
     * empty when the vCPU reports.
     */
    public record Stopped(int vcpu, ActorRef<Reply> replyTo) implements Command {
    }

    /**
     * A vCPU stopped at virtual time {@code vt} and will call no more (the engine stops waiting for
     * it; device timers due up to its end may still fire).
     */
    public record VcpuFinished(int vcpu, long vt) implements Command {
        /** The time is not known: timers are fired only up to the vCPU's last call. */
        public VcpuFinished(int vcpu) {
            this(vcpu, -1);
        }
    }

    /**
     * Device {@code device}'s earliest pending timer is now at {@code nextVt} ({@link ModelTimers#NONE}:
     * none). {@code fired}: the device has just fired the timers the engine released to it.
     */
    public record DeviceTimers(int device, long nextVt, boolean fired, ActorRef<DeviceActor.Command> from,
                               int[] raised, long raisedVt) implements Command {

        public DeviceTimers(int device, long nextVt, boolean fired, ActorRef<DeviceActor.Command> from) {
            this(device, nextVt, fired, from, null, 0);
        }
    }

    /**
     * A device's answer to an access the VMM routed to it, with the interrupts the access raised
     * ({@link InterruptRouter#lineCode}, {@link InterruptRouter#msiCode}; null if none). Each
     * {@link DeviceActor.Access} carries one, refilled by the device as it answers.
     */
    public static final class Served implements Command {
        private final DeviceActor.Access access;
        private int device;
        private DevicePort.Status status;
        private long value;
        private long startVt;
        private long doneVt;
        private int[] raised;

        Served(DeviceActor.Access access) {
            this.access = access;
        }

        Served answer(int device, DevicePort.Status status, long value, long startVt, long doneVt, int[] raised) {
            this.device = device;
            this.status = status;
            this.value = value;
            this.startVt = startVt;
            this.doneVt = doneVt;
            this.raised = raised;
            return this;
        }

        /** A detached answer (a duplicated delivery): its own access and call, which refills leave alone. */
        Served copy() {
            DeviceActor.Access a = new DeviceActor.Access(access.call().copy(), access.offset(), access.vmmStartVt(),
                    access.arriveVt(), access.replyTo());
            return a.served.answer(device, status, value, startVt, doneVt, raised);
        }

        public DeviceActor.Access access() {
            return access;
        }

        public int device() {
            return device;
        }

        public DevicePort.Status status() {
            return status;
        }

        public long value() {
            return value;
        }

        public long startVt() {
            return startVt;
        }

        public long doneVt() {
            return doneVt;
        }

        public int[] raised() {
            return raised;
        }
    }

    /**
     * A device served an access but will never answer it (an injected drop). A real VMM learns
     * this only from its timeout; the simulation says so at once, so the timeout can be charged
     * in virtual time and no wall-clock timer decides anything.
     */
    public record Unanswered(DeviceActor.Access access, int device) implements Command {
    }

    /**
     * Told to the run's listener when the run can go no further: it reached its virtual-time
     * horizon ({@code stall} null), or a replay stalled ({@code stall} says where).
     */
    public record HorizonReached(String stall) { }

    /**
     * A replaying device now holds {@code held} calls back for their recorded turn ({@code detail}
     * says which it waits for). When every live vCPU's open call is held, nothing can move.
     */
    public record Holding(int device, int held, String detail) implements Command {
    }

    private enum Crash implements Command { INSTANCE }

    /** What the injected crash throws; the supervisor restarts the actor on it. */
    static final class InjectedCrash extends RuntimeException {
        InjectedCrash() {
            super("injected VMM crash", null, false, false);
        }
    }

    private final VmmCore<ActorRef<DeviceActor.Command>> core;
    private final ActorRef<HorizonReached> listener;
    private final java.util.List<ActorRef<DeviceActor.Command>> devices;
    /** A Collect waiting for the last vCPUs to end. */
    private ActorRef<VmmStats> collector;
    /** A Collect that came while device timers due before the run's end were still firing. */
    private Collect settling;
    /** Per vCPU, its reused access, made at its first call; no state (a restart makes new ones). */
    private DeviceActor.Access[] accesses = new DeviceActor.Access[16];

    public static Behavior<Command> create(VmmSettings settings, AddressMap<ActorRef<DeviceActor.Command>> map) {
        return create(new VmmCore<>(settings, map), null);
    }

    /** @param listener told when the run reaches its virtual-time horizon; may be null */
    public static Behavior<Command> create(VmmCore<ActorRef<DeviceActor.Command>> core,
                                           ActorRef<HorizonReached> listener) {
        Behavior<Command> vmm = Behaviors.setup(context -> new VmmActor(context, core, listener));
        // supervision intercepts every message, so it is added only when a crash is planned
        return core.settings().restartAfterCalls() > 0
                ? Behaviors.supervise(vmm).onFailure(InjectedCrash.class, SupervisorStrategy.restart())
                : vmm;
    }

    private VmmActor(ActorContext<Command> context, VmmCore<ActorRef<DeviceActor.Command>> core,
                     ActorRef<HorizonReached> listener) {
        super(context);
        this.core = core;
        this.listener = listener;
        this.devices = core.deviceTargets();
        if (core.stats().calls > 0 && core.settings().restartAfterCalls() > 0) {
            core.stats().restarts++;
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return new HotFirst<>(this::onHot, newReceiveBuilder()
                .onMessage(Unanswered.class, this::onUnanswered)
                .onMessage(Holding.class, h -> {
                    String stall = core.holding(h.device(), h.held(), h.detail());
                    if (stall != null && listener != null) {
                        listener.tell(new HorizonReached(stall));
                    }
                    return this;
                })
                .onMessage(MemoryTurn.class, t -> {
                    core.turn(t, this);
                    return this;
                })
                .onMessage(Progress.class, p -> {
                    core.progress(p.vcpu(), p.bound(), this);
                    return crashIfDue();
                })
                .onMessage(MemoryDone.class, d -> {
                    core.memoryDone(d.vcpu(), d.vt(), d.changed(), this);
                    return crashIfDue();
                })
                .onMessage(DeviceTimers.class, t -> {
                    core.timers(t.device(), t.from(), t.nextVt(), t.fired(), t.raised(), t.raisedVt(), this);
                    if (settling != null && !core.timersSettling()) {
                        onCollect(settling);
                    }
                    return this;
                })
                .onMessage(VcpuFinished.class, f -> {
                    core.finished(f.vcpu(), f.vt(), this);
                    handOverIfDone();
                    return crashIfDue();
                })
                .onMessage(Stopped.class, s -> {
                    core.stopped(s.vcpu());
                    s.replyTo().tell(new Drained(s.vcpu()));
                    handOverIfDone();
                    return this;
                })
                .onMessage(Collect.class, this::onCollect)
                .onMessageEquals(Crash.INSTANCE, () -> {
                    throw new InjectedCrash();
                })
                .onMessage(GetStats.class, get -> {
                    get.replyTo().tell(core.finalStats());  // figures handed over: serve no more
                    return this;
                })
                .build());
    }

    /** The messages of every exit, by type test; null for the rest. */
    private Behavior<Command> onHot(Command msg) {
        if (msg instanceof TdVmCall call) {
            return onCall(call);
        }
        if (msg instanceof Served served) {
            return onServed(served);
        }
        return null;
    }

    private Behavior<Command> onCollect(Collect c) {
        if (core.timersSettling()) {
            settling = c;                  // the timers due before the end fire first, as they would in time
            return this;
        }
        settling = null;
        core.close();
        for (ActorRef<DeviceActor.Command> d : devices) {
            d.tell(new DeviceActor.GetStats(c.deviceReplies()));
        }
        collector = c.replyTo();
        handOverIfDone();
        return this;
    }

    private Behavior<Command> onCall(TdVmCall call) {
        core.call(call, this);
        return crashIfDue();
    }

    private Behavior<Command> onServed(Served s) {
        DeviceActor.Access a = s.access();
        core.served(a.call(), a.vmmStartVt(), a.arriveVt(), s.device(), s.status(), s.value(), s.startVt(), s.doneVt(),
                s.raised(), this);
        return crashIfDue();
    }

    private Behavior<Command> onUnanswered(Unanswered u) {
        DeviceActor.Access a = u.access();
        core.unanswered(a.call(), a.vmmStartVt(), a.arriveVt(), this);
        return crashIfDue();
    }

    private void handOverIfDone() {
        if (collector != null && core.everyVcpuEnded()) {
            collector.tell(core.finalStats());
            collector = null;
        }
    }

    /** Crashes between messages, after the one in hand was fully handled: no call is lost. */
    private Behavior<Command> crashIfDue() {
        if (core.takeCrashDue()) {
            getContext().getSelf().tell(Crash.INSTANCE);
        }
        return this;
    }

    @Override
    public void toDevice(ActorRef<DeviceActor.Command> device, TdVmCall call, long offset, long vmmStartVt,
                         long arriveVt) {
        device.tell(access(call.vcpu()).route(call, offset, vmmStartVt, arriveVt));
    }

    /** The vCPU's access carrier, refilled for each of its calls (it has at most one in flight). */
    private DeviceActor.Access access(int vcpu) {
        if (vcpu >= accesses.length) {
            accesses = java.util.Arrays.copyOf(accesses, Math.max(vcpu + 1, accesses.length * 2));
        }
        DeviceActor.Access a = accesses[vcpu];
        if (a == null) {
            a = new DeviceActor.Access(getContext().getSelf());
            accesses[vcpu] = a;
        }
        return a;
    }

    @Override
    public void fireTimers(ActorRef<DeviceActor.Command> device, int index, long vt) {
        device.tell(new DeviceActor.FireTimers(vt, getContext().getSelf()));
    }

    @Override
    public void grant(MemoryTurn turn) {
        turn.replyTo().tell(turn.spin() != null && turn.spin().skipped() > 0
                ? new SpinTurnGranted(turn.vcpu(), turn.spin().skipped()) : new TurnGranted(turn.vcpu()));
    }

    @Override
    public void horizonReached() {
        if (listener != null) {
            listener.tell(new HorizonReached(null));
        }
    }

    @Override
    public void toVcpu(TdVmCall call, TdVmCallResult result) {
        call.replyTo().tell(new TdVmCallResult().addressedTo(call.vcpu()).copyOf(result));   // see TdVmCallResult
    }
}
