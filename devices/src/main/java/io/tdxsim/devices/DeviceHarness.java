package io.tdxsim.devices;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Drives one device model without actors or vCPUs, as QEMU's qtest does: register reads and
 * writes through the model's access contract, a virtual clock only the test moves, timers that
 * fire as it moves, and a record of what the model did (accesses with their service time,
 * interrupts, DMA into {@link #memory()}, log lines). Not thread-safe; one harness per test.
 */
public final class DeviceHarness {

    /** One access as the harness served it; {@code value} is the data written or read. */
    public record Access(long vt, int vcpu, boolean write, long offset, int size, long value, long serviceNs,
                         ContractedAccess.Verdict verdict) { }

    /** An interrupt the model raised: a line set to {@code level}, or an MSI ({@code msi}, level true). */
    public record Interrupt(long vt, boolean msi, int number, boolean level) { }

    private record Pending(long at, long handle, DeviceTimer timer) { }

    private final MmioDevice model;
    private final AccessContract contract;
    private final HarnessMemory memory = new HarnessMemory(this::nowNs);
    private final List<Access> accesses = new ArrayList<>();
    private final List<Interrupt> interrupts = new ArrayList<>();
    private final java.util.Set<Integer> linesHigh = new java.util.TreeSet<>();
    private final List<String> log = new ArrayList<>();
    private final PriorityQueue<Pending> timers = new PriorityQueue<>((a, b) -> a.at != b.at
            ? Long.compare(a.at, b.at) : Long.compare(a.handle, b.handle));
    private long now;
    private long serviceNs;
    private int vcpu;
    private long nextHandle = 1;

    private DeviceHarness(MmioDevice model) {
        this.model = model;
        this.contract = model.contract();
    }

    public static DeviceHarness of(MmioDevice model) {
        return new DeviceHarness(model);
    }

    /** The device's configured {@code service}: every access costs at least this much. */
    public DeviceHarness service(long ns) {
        this.serviceNs = ns;
        return this;
    }

    /** Later accesses come from vCPU {@code index} (0 at first). */
    public DeviceHarness fromVcpu(int index) {
        this.vcpu = index;
        return this;
    }

    public long read(long offset, int size) {
        return access(false, offset, size, 0);
    }

    public DeviceHarness write(long offset, int size, long value) {
        access(true, offset, size, value);
        return this;
    }

    public long readb(long offset) { return read(offset, 1); }
    public long readw(long offset) { return read(offset, 2); }
    public long readl(long offset) { return read(offset, 4); }
    public long readq(long offset) { return read(offset, 8); }
    public DeviceHarness writeb(long offset, long value) { return write(offset, 1, value); }
    public DeviceHarness writew(long offset, long value) { return write(offset, 2, value); }
    public DeviceHarness writel(long offset, long value) { return write(offset, 4, value); }
    public DeviceHarness writeq(long offset, long value) { return write(offset, 8, value); }

    private long access(boolean write, long offset, int size, long value) {
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new IllegalArgumentException("access size must be 1, 2, 4 or 8, got " + size);
        }
        long data = size == 8 ? value : value & ((1L << (8 * size)) - 1);
        Context ctx = new Context(now, vcpu);
        ContractedAccess.Verdict verdict = ContractedAccess.check(contract, offset, size);
        long result = 0;
        if (verdict == ContractedAccess.Verdict.OK) {
            result = ContractedAccess.perform(model, contract, offset, size, write, data, ctx);
        } else if (verdict == ContractedAccess.Verdict.IGNORED && !write) {
            result = ContractedAccess.ignoredRead(size);
        }
        accesses.add(new Access(now, vcpu, write, offset, size, write ? data : result, serviceNs + ctx.extraNs,
                verdict));
        return result;
    }

    /** Moves the clock {@code ns} forward, firing every timer due on the way, in time order. */
    public DeviceHarness step(long ns) {
        if (ns < 0) {
            throw new IllegalArgumentException("the clock only moves forward");
        }
        long target = now + ns;
        while (!timers.isEmpty() && timers.peek().at <= target) {
            fireNext();
        }
        now = target;
        return this;
    }

    /** Moves the clock to the next timer and fires every timer due then; false if none is set. */
    public boolean stepToNextTimer() {
        if (timers.isEmpty()) {
            return false;
        }
        long at = timers.peek().at;
        while (!timers.isEmpty() && timers.peek().at == at) {
            fireNext();
        }
        return true;
    }

    private void fireNext() {
        Pending p = timers.poll();
        now = p.at;
        p.timer.fire(new Context(now, -1));
    }

    public long nowNs() { return now; }
    public int pendingTimers() { return timers.size(); }
    public List<Access> accesses() { return List.copyOf(accesses); }
    public Access lastAccess() { return accesses.isEmpty() ? null : accesses.get(accesses.size() - 1); }
    public List<Interrupt> interrupts() { return List.copyOf(interrupts); }
    public boolean lineHigh(int line) { return linesHigh.contains(line); }
    public HarnessMemory memory() { return memory; }
    public List<String> log() { return List.copyOf(log); }
    public Map<String, Object> snapshot() { return model.snapshot(); }
    public MmioDevice model() { return model; }

    /** The context one access or one timer callback sees. */
    private final class Context implements AccessContext, InterruptSink {
        private final long at;
        private final int from;
        long extraNs;

        Context(long at, int from) {
            this.at = at;
            this.from = from;
        }

        @Override public long nowNs() { return at; }
        @Override public int vcpu() { return from; }
        @Override public DeviceLog log() { return log::add; }
        @Override public DmaMemory dma() { return memory; }
        @Override public InterruptSink interrupts() { return this; }

        @Override
        public void addServiceNs(long ns) {
            if (ns < 0) {
                throw new IllegalArgumentException("service time can only be added, got " + ns + "ns");
            }
            extraNs += ns;
        }

        @Override
        public long scheduleTimer(long atNs, DeviceTimer timer) {
            if (atNs < at) {
                throw new IllegalArgumentException("timer at " + atNs + "ns is before now (" + at + "ns)");
            }
            long handle = nextHandle++;
            timers.add(new Pending(atNs, handle, timer));
            return handle;
        }

        @Override
        public boolean cancelTimer(long handle) {
            return timers.removeIf(p -> p.handle == handle);
        }

        @Override
        public void line(int line, boolean level) {
            if (level ? linesHigh.add(line) : linesHigh.remove(line)) {
                interrupts.add(new Interrupt(at, false, line, level));
            }
        }

        @Override
        public void msi(int vector) {
            interrupts.add(new Interrupt(at, true, vector, true));
        }
    }
}
