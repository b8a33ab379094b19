package io.tdxsim.vmm;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.tdxsim.devices.AccessContext;
import io.tdxsim.devices.DeviceLog;
import io.tdxsim.devices.DeviceTimer;
import io.tdxsim.devices.DmaMemory;
import io.tdxsim.devices.MmioDevice;

/**
 * Hosts one device model. The mailbox serialises accesses (a per-device lock); virtual time
 * makes the device a single server: service starts at max(arrival, busy-until).
 */
public final class DeviceActor extends AbstractBehavior<DeviceActor.Command> {

    public interface Command {
    }

    /**
     * One access routed by the VMM; {@code offset} is relative to the device's base. The VMM keeps
     * one per vCPU and refills it for each call (a vCPU has at most one call in flight and the
     * device always answers before the next), so routing an exit allocates nothing; the mailbox
     * hand-over orders the writes before the reads.
     */
    public static final class Access implements Command {
        private TdVmCall call;
        private long offset;
        private long vmmStartVt;
        private long arriveVt;
        private final ActorRef<VmmActor.Command> replyTo;
        /** The device's answer to this access, refilled with it. */
        final VmmActor.Served served = new VmmActor.Served(this);

        /** A carrier to be filled by {@link #route} before each send. */
        public Access(ActorRef<VmmActor.Command> replyTo) {
            this.replyTo = replyTo;
        }

        /** A single access, filled in. */
        public Access(TdVmCall call, long offset, long vmmStartVt, long arriveVt, ActorRef<VmmActor.Command> replyTo) {
            this(replyTo);
            route(call, offset, vmmStartVt, arriveVt);
        }

        Access route(TdVmCall call, long offset, long vmmStartVt, long arriveVt) {
            this.call = call;
            this.offset = offset;
            this.vmmStartVt = vmmStartVt;
            this.arriveVt = arriveVt;
            return this;
        }

        public TdVmCall call() {
            return call;
        }

        public long offset() {
            return offset;
        }

        public long vmmStartVt() {
            return vmmStartVt;
        }

        public long arriveVt() {
            return arriveVt;
        }

        public ActorRef<VmmActor.Command> replyTo() {
            return replyTo;
        }
    }

    public record GetStats(ActorRef<DeviceStats> replyTo) implements Command {
    }

    /** The engine reached {@code vt}: the model's timers due by then fire. */
    public record FireTimers(long vt, ActorRef<VmmActor.Command> replyTo) implements Command {
    }

    /** Timer firings kept for the trace; the count goes on. */
    private static final int TRACED_TIMERS = 10_000;

    private final int index;
    private final java.util.function.Supplier<MmioDevice> factory;
    private final FaultInjector faults;
    private DevicePort port;
    private final long serviceNs;
    private final DeviceStats stats;
    private final Context ctx;
    private final long[] out = new long[1];
    /** Replay: the order to serve calls in; arrivals ahead of their turn wait in {@link #early}. */
    private final long[] replay;
    private final java.util.Map<Long, Access> early = new java.util.HashMap<>();
    private int replayCursor;
    private final io.tdxsim.vmm.engine.VirtualTimeServer server;
    private boolean closed;
    private final ModelTimers timers = new ModelTimers(TRACED_TIMERS);
    /** Fires one due timer; made once, as every access checks for due timers. */
    private final ModelTimers.Firing firing = this::fire;
    /** The earliest timer as last told to the VMM. */
    private long toldTimer = ModelTimers.NONE;

    public static Behavior<Command> create(int index, String name, MmioDevice model, long serviceNs) {
        return create(index, name, () -> model, serviceNs, 0, null, DeviceFaults.NONE);
    }

    public static Behavior<Command> create(int index, String name, java.util.function.Supplier<MmioDevice> factory,
                                           long serviceNs, int recordLimit, long[] replay, DeviceFaults faults) {
        return create(index, name, factory, serviceNs, recordLimit, replay, faults, DmaMemory.NONE);
    }

    /**
     * @param recordLimit how many served calls to remember for replay (0: none)
     * @param replay      serve calls in exactly this recorded order (keys from {@link ServiceOrder#key}), or null
     * @param dma         the TD's memory as devices reach it
     */
    public static Behavior<Command> create(int index, String name, java.util.function.Supplier<MmioDevice> factory,
                                           long serviceNs, int recordLimit, long[] replay, DeviceFaults faults,
                                           DmaMemory dma) {
        return Behaviors.setup(context -> new DeviceActor(context, index, name, factory, serviceNs, recordLimit,
                replay, faults, dma));
    }

    private DeviceActor(ActorContext<Command> context, int index, String name,
                        java.util.function.Supplier<MmioDevice> factory, long serviceNs, int recordLimit,
                        long[] replay, DeviceFaults faults, DmaMemory dma) {
        super(context);
        this.index = index;
        this.factory = factory;
        this.faults = faults.any() || faults.restartOnFailure() ? new FaultInjector(faults) : null;
        this.port = new DevicePort(factory.get());
        // a concurrent device has no queue in virtual time: every call starts when it arrives
        this.server = new io.tdxsim.vmm.engine.VirtualTimeServer(port.contract().concurrent());
        this.serviceNs = serviceNs;
        this.replay = replay;
        this.stats = new DeviceStats(name);
        this.stats.order = new ServiceOrder(recordLimit);
        // a pooled (concurrent) model has no one actor to keep its timers
        String noTimers = port.contract().concurrent() ? "a concurrent device has no timers"
                : port.model().talksBack() ? null : "a model that sets timers in a run declares talksBack() true";
        this.ctx = new Context(message -> context.getLog().info("{}: {}", name, message), new DeviceReach(dma, stats),
                timers, noTimers);
    }

    @Override
    public Receive<Command> createReceive() {
        return new HotFirst<>(msg -> msg instanceof Access a ? onAccess(a) : null, newReceiveBuilder()
                .onMessage(GetStats.class, this::onGetStats)
                .onMessage(FireTimers.class, f -> {
                    if (!closed) {
                        fireTimers(f.vt());
                        // the interrupts its timers raised, routed at the last firing's time
                        f.replyTo().tell(new VmmActor.DeviceTimers(index, toldTimer = timers.earliest(), true,
                                getContext().getSelf(), ctx.reach.takeRaised(), ctx.now));
                    }
                    return this;
                })
                .build());
    }

    private Behavior<Command> onAccess(Access a) {
        if (closed) {
            return this;            // the run was stopped and its figures handed over: stay frozen
        }
        if (replay == null || replayCursor >= replay.length) {
            serve(a);
            return this;
        }
        early.put(ServiceOrder.key(a.call().vcpu(), a.call().seq()), a);
        int heldBefore = early.size() - 1;
        while (replayCursor < replay.length) {
            Access next = early.remove(replay[replayCursor]);
            if (next == null) {
                break;
            }
            replayCursor++;
            serve(next);
        }
        if (early.size() != heldBefore) {
            // after any answer it sent, so the VMM never counts a call both held and answered
            a.replyTo().tell(new VmmActor.Holding(index, early.size(), holdingDetail()));
        }
        return this;
    }

    /** What this device waits for and what it holds, for a stalled replay's verdict. */
    private String holdingDetail() {
        if (early.isEmpty()) {
            return "";
        }
        long expected = replay[replayCursor];
        StringBuilder s = new StringBuilder(stats.name).append(" served ").append(replayCursor).append(" of ").append(replay.length)
                .append(" recorded calls; waits for vcpu ").append(ServiceOrder.vcpuOf(expected)).append(" call ")
                .append(ServiceOrder.seqOf(expected)).append(", holds");
        early.keySet().stream().sorted().limit(4).forEach(k ->
                s.append(" vcpu ").append(ServiceOrder.vcpuOf(k)).append(" call ").append(ServiceOrder.seqOf(k)).append(','));
        s.setLength(s.length() - 1);
        return early.size() > 4 ? s.append(" and ").append(early.size() - 4).append(" more").toString() : s.toString();
    }

    private void serve(Access a) {
        TdVmCall call = a.call();
        stats.order.serve(call.vcpu(), call.seq());      // counts it for the vCPU as well
        long start = server.serve(a.arriveVt(), serviceNs);
        long done = start + serviceNs;
        fireTimers(start);                      // a timer due by the time this access starts goes first
        ctx.now = start;
        ctx.vcpu = call.vcpu();
        ctx.extraNs = 0;
        DevicePort.Status status;
        if (faults == null) {
            status = port.access(a.offset(), (int) call.r12(), call.isWrite(), call.r15(), ctx, out);
        } else {
            faults.next();
            long extra = faults.extraDelay();
            server.extend(extra);
            done += extra;
            status = faults.shouldThrow() ? DevicePort.Status.DEVICE_ERROR
                    : port.access(a.offset(), (int) call.r12(), call.isWrite(), call.r15(), ctx, out);
        }
        if (ctx.extraNs > 0) {                  // the model's own cost of this access, on top of service
            server.extend(ctx.extraNs);
            done += ctx.extraNs;
        }
        record(call, status, a.arriveVt(), start, done);
        if (status == DevicePort.Status.DEVICE_ERROR) {
            if (stats.firstFailure == null) {
                stats.firstFailure = "access " + (stats.reads + stats.writes) + ": "
                        + (port.lastFailure() == null ? "injected fault" : port.lastFailure());
            }
            if (faults != null && faults.restartOnFailure()) {
                port = new DevicePort(factory.get());   // a fresh model, as a supervisor restart would give
                timers.clear();                         // the old model's callbacks go with it
                stats.restarts++;
            }
        }
        if (timers.earliest() != toldTimer) {
            tellTimers(a.replyTo(), false);           // before the answer: the engine orders by it
        }
        if (faults != null && faults.shouldDrop()) {
            ctx.reach.takeRaised();             // dropped with the answer that would have carried them
            stats.dropped++;
            a.replyTo().tell(new VmmActor.Unanswered(a, index));
            return;
        }
        VmmActor.Served served = a.served.answer(index, status, out[0], start, done, ctx.reach.takeRaised());
        // Detached, and made before the answer goes: once answered, the vCPU refills its call and
        // the VMM this access, and the duplicate may be handled after either.
        VmmActor.Served duplicate = faults != null && faults.shouldDuplicate() ? served.copy() : null;
        a.replyTo().tell(served);
        if (duplicate != null) {
            stats.duplicated++;
            a.replyTo().tell(duplicate);
        }
    }

    private void record(TdVmCall call, DevicePort.Status status, long arrive, long start, long done) {
        if (call.isWrite()) {
            stats.writes++;
        } else {
            stats.reads++;
        }
        switch (status) {
            case REJECTED_SIZE, REJECTED_ALIGNMENT -> stats.rejected++;
            case IGNORED -> stats.ignored++;
            case DEVICE_ERROR -> stats.failures++;
            case OK -> { }
        }
        if (stats.firstStartVt < 0) {
            stats.firstStartVt = start;
        }
        stats.lastDoneVt = done;
        stats.busyNs += done - start;
        stats.waitNs.recordValue(start - arrive);
        stats.serviceNs.recordValue(done - start);
    }

    /** Fires the model's timers due at or before {@code vt}, each with a context at its own time. */
    private void fireTimers(long vt) {
        timers.fireDue(vt, firing);
    }

    private void fire(long at, DeviceTimer timer) {
        ctx.now = at;
        ctx.vcpu = -1;
        ctx.extraNs = 0;
        try {
            timer.fire(ctx);
        } catch (RuntimeException e) {
            stats.failures++;
            if (stats.firstFailure == null) {
                stats.firstFailure = "timer at " + at + "ns: " + e;
            }
        }
    }

    private void tellTimers(ActorRef<VmmActor.Command> vmm, boolean fired) {
        toldTimer = timers.earliest();
        vmm.tell(new VmmActor.DeviceTimers(index, toldTimer, fired, getContext().getSelf()));
    }

    private Behavior<Command> onGetStats(GetStats get) {
        stats.state = port.model().snapshot();
        stats.timersFired = timers.fired();
        stats.timersPending = timers.pending();
        stats.timerTimes = timers.firstTimes();
        stats.order.finish();
        stats.distortion.add(server.distortion());
        DeviceStats handedOver = stats.snapshot();
        closed = true;
        get.replyTo().tell(handedOver);
        return this;
    }

    /** The AccessContext handed to the model; reused, valid only during one call. */
    private static final class Context implements AccessContext {
        private final DeviceLog log;
        private final DeviceReach reach;
        private final ModelTimers timers;
        /** Why this model may not set timers, or null if it may. */
        private final String noTimers;
        long now;
        int vcpu;
        long extraNs;

        Context(DeviceLog log, DeviceReach reach, ModelTimers timers, String noTimers) {
            this.log = log;
            this.reach = reach;
            this.timers = timers;
            this.noTimers = noTimers;
        }

        @Override
        public long scheduleTimer(long atNs, io.tdxsim.devices.DeviceTimer timer) {
            if (noTimers != null) {
                throw new UnsupportedOperationException(noTimers);
            }
            if (atNs < now) {
                throw new IllegalArgumentException("timer at " + atNs + "ns is before now (" + now + "ns)");
            }
            return timers.schedule(atNs, timer);
        }

        @Override
        public boolean cancelTimer(long handle) {
            return timers.cancel(handle);
        }

        @Override
        public DmaMemory dma() {
            return reach;
        }

        @Override
        public io.tdxsim.devices.InterruptSink interrupts() {
            return reach;
        }

        @Override
        public void addServiceNs(long ns) {
            if (ns < 0) {
                throw new IllegalArgumentException("service time can only be added, got " + ns + "ns");
            }
            extraNs += ns;
        }

        @Override
        public long nowNs() {
            return now;
        }

        @Override
        public int vcpu() {
            return vcpu;
        }

        @Override
        public DeviceLog log() {
            return log;
        }
    }
}
