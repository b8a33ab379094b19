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
 * Spawns a run's vCPUs, {@code perActor} to a {@link VcpuActor}, from one set of actor properties
 * shared by all of them. A typed spawn makes and keeps, per child, its own props, deployment,
 * creator and behaviour wrappers (about 256 bytes and ten objects that live as long as the
 * child); here the one creator learns which vCPUs it builds from the child's name.
 */
public final class VcpuSpawner {

    private final String prefix;
    private final int count;
    private final int perActor;
    private final akka.actor.Props props;

    /**
     * @param prefix   each actor's name is this followed by the index of its first vCPU
     * @param specs    the spec of the vCPU with a given index
     * @param count    the run's vCPUs, indices 0 to {@code count - 1}
     * @param perActor vCPUs one actor runs (the last may run fewer)
     */
    public VcpuSpawner(String prefix, IntFunction<VcpuSpec> specs, int count, int perActor,
                       ActorRef<VmmActor.Command> vmm, ActorRef<VcpuResult> done, ExitObserver observer) {
        if (perActor < 1) {
            throw new IllegalArgumentException("vCPUs per actor must be at least 1, not " + perActor);
        }
        this.prefix = prefix;
        this.count = count;
        this.perActor = perActor;
        VcpuRun run = new VcpuRun(vmm, done, observer);
        Behavior<VmmActor.Reply> behavior = Behaviors.setup(context -> {
            String name = context.getSelf().path().name();
            int first = Integer.parseInt(name, prefix.length(), name.length(), 10);
            return new VcpuActor(context, first, actorSize(first), specs, run);
        });
        this.props = sharedProps(behavior);
    }

    /** vCPUs per actor so that {@code count} vCPUs need at most {@code actors} actors (0: one each). */
    public static int perActor(int count, int actors) {
        return actors <= 0 ? 1 : Math.max(1, (int) ((count + (long) actors - 1) / actors));
    }

    public int perActor() {
        return perActor;
    }

    /** How many vCPUs the actor whose first vCPU is {@code first} runs. */
    public int actorSize(int first) {
        return Math.min(perActor, count - first);
    }

    /**
     * Classic props that spawn {@code behavior} as a typed child, as context.spawn makes them
     * (internal to Akka, which is pinned at 2.6.21): failures are rethrown to the parent exactly
     * as for context.spawn, with no supervisor wrapper per child. One set serves every child.
     */
    public static akka.actor.Props sharedProps(Behavior<?> behavior) {
        return PropsAdapter.apply(() -> behavior, akka.actor.typed.Props.empty(), true);
    }

    /** vCPUs one branch spawns at least ({@link #spawnInBranches}): whole actors, so more if one runs more. */
    public static final int PER_BRANCH = 1024;

    /** The references of a branch's vCPUs, in index order from {@code first} (one actor's repeated for each it runs). */
    public record Spawned(int first, List<ActorRef<VcpuActor.Command>> vcpus) { }

    /**
     * Spawns vCPUs {@code first} to {@code first + size - 1} under a branch: a child of
     * {@code parent} that spawns them on its own thread, starts each if {@code start}, then tells
     * {@code replyTo} their references. Branches spawn in parallel on every dispatcher thread and
     * each keeps a small table of children; a million vCPUs under one parent kept one thread
     * spawning while the other was woken for every child's first message (200,000 sleeps and
     * wake-ups, about a quarter of the time).
     */
    private void spawnBranch(ActorContext<?> parent, String name, int first, int size, boolean start,
                            ActorRef<Spawned> replyTo) {
        parent.spawn(Behaviors.setup(branch -> {
            List<ActorRef<VcpuActor.Command>> refs = new ArrayList<>(size);
            for (int a = first; a < first + size; a += perActor) {
                ActorRef<VcpuActor.Command> actor = spawn(branch, a);
                for (int v = a; v < a + actorSize(a); v++) {
                    refs.add(actor);
                    if (start) {
                        actor.tell(new VcpuActor.Start(v));
                    }
                }
            }
            replyTo.tell(new Spawned(first, List.copyOf(refs)));
            return Behaviors.empty();
        }), name);
    }

    /** Every vCPU in branches of whole actors, {@link #PER_BRANCH} vCPUs or more each, each answering {@code replyTo}. */
    public void spawnInBranches(ActorContext<?> parent, boolean start, ActorRef<Spawned> replyTo) {
        int step = Math.max(1, PER_BRANCH / perActor) * perActor;
        for (int first = 0; first < count; first += step) {
            spawnBranch(parent, "branch-" + first, first, Math.min(step, count - first), start, replyTo);
        }
    }

    /**
     * Spawns the actor of vCPUs {@code first} to {@code first + actorSize(first) - 1} as a child of
     * {@code parent}; {@code first} is a multiple of {@link #perActor()}. Call it from the parent's own thread.
     */
    public ActorRef<VcpuActor.Command> spawn(ActorContext<?> parent, int first) {
        ActorRef<VmmActor.Reply> actor = Adapter.toTyped(Adapter.toClassic(parent).actorOf(props, prefix + first));
        return actor.narrow();
    }
}
