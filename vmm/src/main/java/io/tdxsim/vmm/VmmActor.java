package io.tdxsim.vmm;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.javadsl.TimerScheduler;
import java.time.Duration;

/**
 * The VMM: validates TDG.VP.VMCALL<#VE.RequestMMIO> as KVM does, strips the shared bit, routes
 * the access to the device that owns the GPA and answers the vCPU with {R10 status, R11 value}.
 * Dispatch is a single server in virtual time. Its state lives in {@link VmmState}, so the
 * supervisor's restart (on a crash) resumes with the mailbox and the bookkeeping intact.
 */
public final class VmmActor extends AbstractBehavior<VmmActor.Command> {

    public interface Command {
    }

    public record GetStats(ActorRef<VmmStats> replyTo) implements Command {
    }

    /** A vCPU stopped and will call no more (the deterministic sequencer stops waiting for it). */
    public record VcpuFinished(int vcpu) implements Command {
    }

    private record DeviceTimeout(long key) implements Command {
    }

    private enum Crash implements Command { INSTANCE }

    /** What the injected crash throws; the supervisor restarts the actor on it. */
    static final class InjectedCrash extends RuntimeException {
        InjectedCrash() {
            super("injected VMM crash", null, false, false);
        }
    }

    private final VmmSettings settings;
    private final AddressMap<ActorRef<DeviceActor.Command>> map;
    private final long sharedBit;
    private final VmmState state;
    private final VmmStats stats;
    private final ConservativeSequencer sequencer;
    private final TimerScheduler<Command> timers;
    private boolean releasing;

    public static Behavior<Command> create(VmmSettings settings, AddressMap<ActorRef<DeviceActor.Command>> map) {
        return create(settings, map, new VmmState(settings));
    }

    public static Behavior<Command> create(VmmSettings settings, AddressMap<ActorRef<DeviceActor.Command>> map,
                                           VmmState state) {
        // Timers and supervision intercept every message, so they are added only when used.
        Behavior<Command> vmm = settings.deviceTimeoutMs() > 0
                ? Behaviors.withTimers(timers -> Behaviors.setup(context ->
                        new VmmActor(context, timers, settings, map, state)))
                : Behaviors.setup(context -> new VmmActor(context, null, settings, map, state));
        return settings.restartAfterCalls() > 0
                ? Behaviors.supervise(vmm).onFailure(InjectedCrash.class, SupervisorStrategy.restart())
                : vmm;
    }

    private VmmActor(ActorContext<Command> context, TimerScheduler<Command> timers, VmmSettings settings,
                     AddressMap<ActorRef<DeviceActor.Command>> map, VmmState state) {
        super(context);
        this.settings = settings;
        this.map = map;
        this.sharedBit = settings.sharedBit();
        this.state = state;
        this.stats = state.stats;
        this.sequencer = state.sequencer;
        this.timers = timers;
        if (state.crashed) {
            stats.restarts++;
            state.crashed = false;
            for (Long key : state.waiting.keySet()) {        // a restart cancels timers: arm them again
                timers.startSingleTimer(key, new DeviceTimeout(key), Duration.ofMillis(settings.deviceTimeoutMs()));
            }
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(TdVmCall.class, this::onCall)
                .onMessage(DeviceActor.Served.class, this::onServed)
                .onMessage(DeviceTimeout.class, this::onTimeout)
                .onMessage(VcpuFinished.class, f -> {
                    if (sequencer != null) {
                        sequencer.finished(f.vcpu());
                        release();
                    }
                    return this;
                })
                .onMessageEquals(Crash.INSTANCE, () -> {
                    state.crashed = true;
                    throw new InjectedCrash();
                })
                .onMessage(GetStats.class, get -> {
                    state.closed = true;                     // figures handed over: serve no more
                    get.replyTo().tell(stats);
                    return this;
                })
                .build();
    }

    private Behavior<Command> onCall(TdVmCall call) {
        if (state.closed) {
            return this;
        }
        if (sequencer == null) {
            dispatch(call);
        } else {
            sequencer.offer(call);
            release();
        }
        return this;
    }

    /** Dispatches every call the sequencer considers safe now. */
    private void release() {
        if (releasing) {
            return;                      // an answer given while releasing: the outer loop goes on
        }
        releasing = true;
        long lookahead = settings.dispatchNs() + settings.replyToNextCallNs();
        for (TdVmCall call = sequencer.poll(lookahead); call != null; call = sequencer.poll(lookahead)) {
            dispatch(call);
        }
        releasing = false;
    }

    private void dispatch(TdVmCall call) {
        stats.calls++;
        if (stats.calls == settings.restartAfterCalls()) {
            getContext().getSelf().tell(Crash.INSTANCE);    // crash between messages: none is lost
        }
        // a VMM that costs nothing holds no one up (in stress mode calls may arrive out of time order)
        long start = settings.dispatchNs() == 0 ? call.vt() : Math.max(call.vt(), state.busyUntil);
        long done = start + settings.dispatchNs();
        state.busyUntil = done;
        stats.busyNs += settings.dispatchNs();
        stats.dispatchWaitNs.recordValue(start - call.vt());

        TdvmcallStatus refusal = validate(call);
        if (refusal != null) {
            stats.refuse(refusal);
            answer(call, new TdVmCallResult(call.seq(), refusal.code(), 0, done, -1, start, -1));
            return;
        }
        long gpa = call.r14() & ~sharedBit;
        int index = map.indexOfAccess(gpa, (int) call.r12());
        if (index < 0) {
            answerUnassigned(call, start, done);
            return;
        }
        stats.route(index);
        AddressMap.Range<ActorRef<DeviceActor.Command>> range = map.range(index);
        DeviceActor.Access access = new DeviceActor.Access(call, gpa - range.base(), start, done, getContext().getSelf());
        if (settings.deviceTimeoutMs() > 0) {
            long key = ServiceOrder.key(call.vcpu(), call.seq());
            state.waiting.put(key, access);
            timers.startSingleTimer(key, new DeviceTimeout(key), Duration.ofMillis(settings.deviceTimeoutMs()));
        }
        range.target().tell(access);
    }

    /** KVM's checks on the MMIO hypercall, in KVM's order; null when the call is acceptable. */
    private TdvmcallStatus validate(TdVmCall call) {
        return MmioCallCheck.validate(call, sharedBit);
    }

    private void answerUnassigned(TdVmCall call, long start, long done) {
        if (call.isWrite()) {
            stats.unassignedWrites++;
        } else {
            stats.unassignedReads++;
        }
        long status = TdvmcallStatus.SUCCESS.code();
        long value = 0;
        switch (settings.unassigned()) {
            case ERROR -> status = TdvmcallStatus.INVALID_OPERAND.code();
            case ONES -> value = call.isWrite() ? 0 : Ghci.mask((int) call.r12());
            case ZEROS -> { }
        }
        answer(call, new TdVmCallResult(call.seq(), status, value, done, -1, start, -1));
    }

    private Behavior<Command> onServed(DeviceActor.Served served) {
        if (state.closed) {
            return this;
        }
        TdVmCall call = served.access().call();
        if (settings.deviceTimeoutMs() > 0) {
            long key = ServiceOrder.key(call.vcpu(), call.seq());
            if (state.waiting.remove(key) == null) {
                stats.duplicateAnswers++;               // answered twice, or after its timeout
                return this;
            }
            timers.cancel(key);
        }
        long status = switch (served.status()) {
            case OK, IGNORED -> TdvmcallStatus.SUCCESS.code();
            case REJECTED_SIZE, DEVICE_ERROR -> TdvmcallStatus.INVALID_OPERAND.code();
            case REJECTED_ALIGNMENT -> TdvmcallStatus.ALIGN_ERROR.code();
        };
        long value = call.isWrite() ? 0 : served.value();
        answer(call, new TdVmCallResult(call.seq(), status, value, served.doneVt(), served.device(),
                served.access().vmmStartVt(), served.startVt()));
        return this;
    }

    private Behavior<Command> onTimeout(DeviceTimeout timeout) {
        DeviceActor.Access access = state.waiting.remove(timeout.key());
        if (access != null) {
            stats.timeouts++;
            TdVmCall call = access.call();
            answer(call, new TdVmCallResult(call.seq(), TdvmcallStatus.INVALID_OPERAND.code(), 0,
                    access.arriveVt() + settings.deviceTimeoutNs(), -1, access.vmmStartVt(), -1));
        }
        return this;
    }

    private void answer(TdVmCall call, TdVmCallResult result) {
        if (!state.markAnswered(call.vcpu(), call.seq())) {
            stats.duplicateAnswers++;
            return;
        }
        call.replyTo().tell(result);
        if (sequencer != null) {
            sequencer.answered(call.vcpu(), result.vt() + settings.replyToNextCallNs());
            release();
        }
    }
}
