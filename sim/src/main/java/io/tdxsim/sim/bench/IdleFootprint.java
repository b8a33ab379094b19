package io.tdxsim.sim.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import io.tdxsim.sim.run.SimSession;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.vcpu.ExitObserver;
import io.tdxsim.vcpu.VcpuResult;
import io.tdxsim.vcpu.VcpuSpawner;
import io.tdxsim.vcpu.VcpuSpec;
import io.tdxsim.vmm.VmmActor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Heap per idle vCPU: live heap after spawning N vCPUs as a run does (built, never run; as many
 * to an actor as run.vcpu-actors gives) minus live heap before, divided by N. Counts everything a
 * run keeps per vCPU: its share of an actor and mailbox, registers, interpreter and memory view,
 * and whatever the run's list of specs holds. Beside it, the same for N empty typed actors: what
 * an actor per vCPU would cost in Akka alone.
 */
final class IdleFootprint {

    /** @param floorBytesPerActor heap per empty typed actor; {@code floorSpawnNanos} to spawn N of them */
    record Result(int vcpus, double bytesPerVcpu, long spawnNanos, double floorBytesPerActor, long floorSpawnNanos) { }

    /** @param specs the vCPUs to spawn, or null for {@code count} empty actors */
    private record Spawn(List<VcpuSpec> specs, int count, int actors, AtomicInteger started, CompletableFuture<Void> stop) { }

    private IdleFootprint() {
    }

    static Result measure(Scenario scenario, Config config) {
        double[] vcpu = spawn(scenario, 0, config);
        double[] floor = spawn(null, (int) vcpu[2], config);
        return new Result((int) vcpu[2], vcpu[0], (long) vcpu[1], floor[0], (long) floor[1]);
    }

    /** Bytes per actor, spawn nanoseconds and the count, for the scenario's vCPUs or {@code count} empty actors. */
    private static double[] spawn(Scenario scenario, int count, Config config) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ActorSystem<Spawn> system = ActorSystem.create(root(), "footprint", config);
        try {
            long before = liveHeap(memory);
            List<VcpuSpec> specs = scenario == null ? null : SimSession.vcpus(scenario);
            int n = specs == null ? count : specs.size();
            AtomicInteger started = new AtomicInteger();
            CompletableFuture<Void> stop = new CompletableFuture<>();
            long t0 = System.nanoTime();
            system.tell(new Spawn(specs, n, scenario == null ? 0 : scenario.run().vcpuActors(), started, stop));
            while (started.get() < n) {
                Thread.sleep(2);
            }
            long spawn = System.nanoTime() - t0;
            Thread.sleep(200);                      // the last few constructors finish
            long after = liveHeap(memory);
            Reference.reachabilityFence(specs);
            stop.complete(null);
            return new double[] {(after - before) / (double) n, spawn, n};
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            io.tdxsim.sim.run.ActorSystems.shutDown(system, java.time.Duration.ofSeconds(120));
        }
    }

    private static Behavior<Spawn> root() {
        return Behaviors.setup(ctx -> Behaviors.receive(Spawn.class).onMessage(Spawn.class, s -> {
            ActorRef<VmmActor.Command> vmm = ctx.getSystem().ignoreRef();
            ActorRef<VcpuResult> done = ctx.getSystem().ignoreRef();
            if (s.specs() == null) {
                // one shared set of props, as the vCPUs have: the floor is the least Akka keeps per actor
                Behavior<String> empty = Behaviors.setup(c -> {
                    s.started().incrementAndGet();
                    return Behaviors.receive(String.class).build();
                });
                akka.actor.Props props = VcpuSpawner.sharedProps(empty);
                for (int first = 0; first < s.count(); first += VcpuSpawner.PER_BRANCH) {
                    int from = first;
                    int to = Math.min(s.count(), first + VcpuSpawner.PER_BRANCH);
                    ctx.spawn(Behaviors.setup(branch -> {      // in branches, as a large run's vCPUs
                        for (int i = from; i < to; i++) {
                            Adapter.toClassic(branch).actorOf(props, "vcpu-" + i);
                        }
                        return Behaviors.empty();
                    }), "branch-" + first);
                }
                return Behaviors.same();
            }
            // as a run spawns them; a vCPU counts as started when its spec is asked for, in its setup
            VcpuSpawner spawner = new VcpuSpawner("vcpu-", i -> {
                s.started().incrementAndGet();
                return s.specs().get(i);
            }, s.specs().size(), VcpuSpawner.perActor(s.specs().size(), s.actors()), vmm, done, ExitObserver.NONE);
            int n = s.specs().size();
            if (n > VcpuSpawner.PER_BRANCH) {
                spawner.spawnInBranches(ctx, false, ctx.getSystem().ignoreRef());
            } else {
                for (int v = 0; v < n; v += spawner.perActor()) {
                    spawner.spawn(ctx, v);
                }
            }
            return Behaviors.same();
        }).build());
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
