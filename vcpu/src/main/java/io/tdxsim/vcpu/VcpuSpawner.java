package io.tdxsim.vcpu;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.internal.adapter.PropsAdapter;
import io.tdxsim.vmm.VmmActor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Spawns a run's vCPUs from one set of actor properties shared by all of them. A typed spawn
 * makes and keeps, per child, its own props, deployment, creator and behaviour wrappers (about
 * 256 bytes and ten objects that live as long as the vCPU); here the one creator learns which vCPU
 * it builds from the child's name, so a million vCPUs share them.
 */
public final class VcpuSpawner {

    private final String prefix;
    private final akka.actor.Props props;

    /**
     * @param prefix each vCPU's actor name is this followed by its index
     * @param specs  the spec of the vCPU with a given index
     */
    public VcpuSpawner(String prefix, IntFunction<VcpuSpec> specs, ActorRef<VmmActor.Command> vmm,
                       ActorRef<VcpuResult> done, ExitObserver observer) {
        this.prefix = prefix;
        VcpuRun run = new VcpuRun(vmm, done, observer);
        Behavior<VmmActor.Reply> behavior = Behaviors.setup(context -> {
            String name = context.getSelf().path().name();
            VcpuSpec spec = specs.apply(Integer.parseInt(name, prefix.length(), name.length(), 10));
            return new VcpuActor(context, spec, run);
        });
        this.props = sharedProps(behavior);
    }

    /**
     * Classic props that spawn {@code behavior} as a typed child, as context.spawn makes them
     * (internal to Akka, which is pinned at 2.6.21): failures are rethrown to the parent exactly
     * as for context.spawn, with no supervisor wrapper per child. One set serves every child.
     */
    public static akka.actor.Props sharedProps(Behavior<?> behavior) {
        return PropsAdapter.apply(() -> behavior, akka.actor.typed.Props.empty(), true);
    }

    /** vCPUs one branch spawns ({@link #spawnInBranches}). */
    public static final int PER_BRANCH = 1024;

    /** The references of a branch's vCPUs, in index order from {@code first}. */
    public record Spawned(int first, List<ActorRef<VcpuActor.Command>> vcpus) { }

    /**
     * Spawns vCPUs {@code first} to {@code first + count - 1} under a branch: a child of
     * {@code parent} that spawns them on its own thread, starts each if {@code start}, then tells
     * {@code replyTo} their references. Branches spawn in parallel on every dispatcher thread and
     * each keeps a small table of children; a million vCPUs under one parent kept one thread
     * spawning while the other was woken for every child's first message (200,000 sleeps and
     * wake-ups, about a quarter of the time).
     */
    private void spawnBranch(ActorContext<?> parent, String name, int first, int count, boolean start,
                            ActorRef<Spawned> replyTo) {
        parent.spawn(Behaviors.setup(branch -> {
            List<ActorRef<VcpuActor.Command>> refs = new ArrayList<>(count);
            for (int v = first; v < first + count; v++) {
                ActorRef<VcpuActor.Command> vcpu = spawn(branch, v);
                refs.add(vcpu);
                if (start) {
                    vcpu.tell(VcpuActor.Start.INSTANCE);
                }
            }
            replyTo.tell(new Spawned(first, List.copyOf(refs)));
            return Behaviors.empty();
        }), name);
    }

    /** vCPUs 0 to {@code count - 1} in branches of {@link #PER_BRANCH}, each answering {@code replyTo}. */
    public void spawnInBranches(ActorContext<?> parent, int count, boolean start, ActorRef<Spawned> replyTo) {
        for (int first = 0; first < count; first += PER_BRANCH) {
            spawnBranch(parent, "branch-" + first, first, Math.min(PER_BRANCH, count - first), start, replyTo);
        }
    }

    /** Spawns vCPU {@code index} as a child of {@code parent}; call it from the parent's own thread. */
    public ActorRef<VcpuActor.Command> spawn(ActorContext<?> parent, int index) {
        ActorRef<VmmActor.Reply> vcpu = Adapter.toTyped(Adapter.toClassic(parent).actorOf(props, prefix + index));
        return vcpu.narrow();
    }
}
