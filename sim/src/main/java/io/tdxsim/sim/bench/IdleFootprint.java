package io.tdxsim.sim.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import io.tdxsim.sim.run.SimSession;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.vcpu.ExitObserver;
import io.tdxsim.vcpu.VcpuActor;
import io.tdxsim.vcpu.VcpuResult;
import io.tdxsim.vcpu.VcpuSpec;
import io.tdxsim.vmm.VmmActor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Heap per idle vCPU: live heap after spawning N vCPU actors (built and started, never run)
 * minus live heap before, divided by N. Counts everything a run keeps per vCPU: its spec, the
 * actor and its mailbox, registers, interpreter and handler.
 */
final class IdleFootprint {

    record Result(int vcpus, double bytesPerVcpu, long spawnNanos) { }

    private record Spawn(List<VcpuSpec> specs, AtomicInteger started, CompletableFuture<Void> stop) { }

    private IdleFootprint() {
    }

    static Result measure(Scenario scenario, Config config) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ActorSystem<Spawn> system = ActorSystem.create(root(), "footprint", config);
        try {
            long before = liveHeap(memory);
            List<VcpuSpec> specs = SimSession.vcpus(scenario);
            AtomicInteger started = new AtomicInteger();
            CompletableFuture<Void> stop = new CompletableFuture<>();
            long t0 = System.nanoTime();
            system.tell(new Spawn(specs, started, stop));
            while (started.get() < specs.size()) {
                Thread.sleep(2);
            }
            long spawn = System.nanoTime() - t0;
            Thread.sleep(200);                      // the last few constructors finish
            long after = liveHeap(memory);
            Reference.reachabilityFence(specs);
            stop.complete(null);
            return new Result(specs.size(), (after - before) / (double) specs.size(), spawn);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(120, TimeUnit.SECONDS);
            } catch (Exception e) {
                // going away either way
            }
        }
    }

    private static Behavior<Spawn> root() {
        return Behaviors.setup(ctx -> Behaviors.receive(Spawn.class).onMessage(Spawn.class, s -> {
            ActorRef<VmmActor.Command> vmm = ctx.getSystem().ignoreRef();
            ActorRef<VcpuResult> done = ctx.getSystem().ignoreRef();
            for (VcpuSpec spec : s.specs()) {
                ctx.spawn(counted(VcpuActor.create(spec, vmm, done, ExitObserver.NONE), s.started()),
                        "vcpu-" + spec.index());
            }
            return Behaviors.same();
        }).build());
    }

    private static Behavior<VmmActor.Reply> counted(Behavior<VmmActor.Reply> vcpu, AtomicInteger started) {
        return Behaviors.setup(ctx -> {
            started.incrementAndGet();
            return vcpu;
        });
    }

    /** Live heap once it has settled: threads of earlier actor systems may still be letting go. */
    private static long liveHeap(MemoryMXBean memory) throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(100);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - last) < 64 * 1024) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
