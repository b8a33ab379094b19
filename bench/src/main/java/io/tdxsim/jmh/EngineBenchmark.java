package io.tdxsim.jmh;

import io.tdxsim.vmm.engine.EventSequencer;
import io.tdxsim.vmm.engine.TimedEvent;
import io.tdxsim.vmm.engine.VirtualTimeServer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine core on its own, as the VMM drives it for one call: the release rule (offer, poll,
 * answer) with every source in flight, so the queue holds as many calls as there are vCPUs, and a
 * virtual-time server serving one call. The score is calls per second on one thread; it bounds
 * what the VMM's single thread can release however fast the messages travel.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class EngineBenchmark {

    /** One source's event, reused: a vCPU has one call in flight at most. */
    private static final class Call implements TimedEvent {
        final int source;
        long vt;
        long seq;

        Call(int source) {
            this.source = source;
        }

        @Override
        public long vt() {
            return vt;
        }

        @Override
        public int source() {
            return source;
        }

        @Override
        public long seq() {
            return seq;
        }
    }

    @Param({"64", "4096", "65536", "1000000"})
    public int vcpus;

    /** 0: deterministic; 500: stress mode's default window. */
    @Param({"0", "500"})
    public long windowNs;

    private EventSequencer<Call> sequencer;
    private Call[] calls;
    private final VirtualTimeServer server = new VirtualTimeServer();
    private final SplittableRandom random = new SplittableRandom(42);
    private long now;

    @Setup
    public void setup() {
        sequencer = new EventSequencer<>(vcpus, 0, windowNs);
        calls = new Call[vcpus];
        for (int i = 0; i < vcpus; i++) {
            calls[i] = new Call(i);
            calls[i].vt = random.nextInt(1000);
            sequencer.offer(calls[i]);
        }
    }

    /**
     * One call through the release rule: the earliest waiting call is released and answered, and
     * its vCPU calls again a little later, so the queue stays full.
     */
    @Benchmark
    public long releaseOneCall() {
        Call c = sequencer.poll(e -> e.vt() + 2000);
        if (c == null) {
            throw new IllegalStateException("the queue ran dry");
        }
        now = Math.max(now, c.vt());
        sequencer.answered(c.source, c.vt() + 100);
        c.vt += 100 + random.nextInt(2000);
        c.seq++;
        sequencer.offer(c);
        return c.vt;
    }

    /** One call through a dispatch server in virtual time. */
    @Benchmark
    public long serveOneCall() {
        now += random.nextInt(400);
        return server.serve(now, 300);
    }
}
