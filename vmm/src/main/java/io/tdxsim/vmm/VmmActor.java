package io.tdxsim.vmm;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;

/**
 * The VMM: validates TDG.VP.VMCALL<#VE.RequestMMIO> as KVM does, strips the shared bit, routes
 * the access to the device that owns the GPA and answers the vCPU with {R10 status, R11 value}.
 * Dispatch is a single server in virtual time.
 */
public final class VmmActor extends AbstractBehavior<VmmActor.Command> {

    public interface Command {
    }

    public record GetStats(ActorRef<VmmStats> replyTo) implements Command {
    }

    /** A vCPU stopped and will call no more (the deterministic sequencer stops waiting for it). */
    public record VcpuFinished(int vcpu) implements Command {
    }

    private final VmmSettings settings;
    private final AddressMap<ActorRef<DeviceActor.Command>> map;
    private final long sharedBit;
    private final VmmStats stats = new VmmStats();
    /** Null in arrival-order mode. */
    private final ConservativeSequencer sequencer;
    private long busyUntil;
    private boolean releasing;

    public static Behavior<Command> create(VmmSettings settings, AddressMap<ActorRef<DeviceActor.Command>> map) {
        return Behaviors.setup(context -> new VmmActor(context, settings, map));
    }

    private VmmActor(ActorContext<Command> context, VmmSettings settings,
                     AddressMap<ActorRef<DeviceActor.Command>> map) {
        super(context);
        this.settings = settings;
        this.map = map;
        this.sharedBit = settings.sharedBit();
        this.sequencer = settings.ordering() == VmmSettings.Ordering.DETERMINISTIC
                ? new ConservativeSequencer(settings.vcpus(), settings.firstCallNs()) : null;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(TdVmCall.class, this::onCall)
                .onMessage(DeviceActor.Served.class, this::onServed)
                .onMessage(VcpuFinished.class, f -> {
                    if (sequencer != null) {
                        sequencer.finished(f.vcpu());
                        release();
                    }
                    return this;
                })
                .onMessage(GetStats.class, get -> {
                    get.replyTo().tell(stats);
                    return this;
                })
                .build();
    }

    private Behavior<Command> onCall(TdVmCall call) {
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
        long start = Math.max(call.vt(), busyUntil);
        long done = start + settings.dispatchNs();
        busyUntil = done;
        stats.busyNs += settings.dispatchNs();
        stats.dispatchWaitNs.recordValue(start - call.vt());

        TdvmcallStatus refusal = validate(call);
        if (refusal != null) {
            stats.refuse(refusal);
            answer(call, new TdVmCallResult(call.seq(), refusal.code(), 0, done, -1, start, -1));
            return;
        }
        long gpa = call.r14() & ~sharedBit;
        int index = map.indexOf(gpa);
        if (index < 0) {
            answerUnassigned(call, start, done);
            return;
        }
        AddressMap.Range<ActorRef<DeviceActor.Command>> range = map.range(index);
        range.target().tell(new DeviceActor.Access(call, gpa - range.base(), start, done, getContext().getSelf()));
    }

    private void answer(TdVmCall call, TdVmCallResult result) {
        call.replyTo().tell(result);
        if (sequencer != null) {
            sequencer.answered(call.vcpu(), result.vt() + settings.replyToNextCallNs());
            release();
        }
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
        TdVmCall call = served.access().call();
        long status = switch (served.status()) {
            case OK, IGNORED -> TdvmcallStatus.SUCCESS.code();
            case REJECTED, DEVICE_ERROR -> TdvmcallStatus.INVALID_OPERAND.code();
        };
        long value = call.isWrite() ? 0 : served.value();
        answer(call, new TdVmCallResult(call.seq(), status, value, served.doneVt(), served.device(),
                served.access().vmmStartVt(), served.startVt()));
        return this;
    }
}
