package io.tdxsim.sim.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.tdxsim.sim.run.NodeShare;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.vcpu.VcpuActor;
import io.tdxsim.vcpu.VcpuResult;
import io.tdxsim.vmm.VmmActor;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker node's vCPUs of a split run, vCPUs {@code from} to {@code to - 1}: for each run it
 * wires the scenario as the home node does, spawns them against the home node's VMM (or its
 * memory hub), passes their results on and, when asked, hands over what they recorded.
 */
final class VcpuHost extends AbstractBehavior<VcpuHost.Command> {

    interface Command extends ClusterMessage {
    }

    /** A run starts: its vCPUs call {@code vmm}, their results go to {@code done}, the rest to {@code link}. */
    record Go(ActorRef<VmmActor.Command> vmm, ActorRef<VcpuResult> done, ActorRef<RunLink.Command> link)
            implements Command {
    }

    /** The run's vCPUs here are done or stopped: send what they recorded. */
    record Collect(ActorRef<RunLink.Command> link) implements Command {
    }

    private record Ended(VcpuResult result) implements Command {
    }

    private final Scenario scenario;
    private final int from;
    private final int to;
    /** The wiring checked before the first run, used by it; later runs wire afresh. */
    private NodeShare next;
    private NodeShare share;
    private ActorRef<VcpuResult> done;
    private final ActorRef<VcpuResult> ended;
    private final List<ActorRef<?>> running = new ArrayList<>();
    private int runs;

    static Behavior<Command> create(Scenario scenario, NodeShare checked, int from, int to) {
        return Behaviors.setup(context -> new VcpuHost(context, scenario, checked, from, to));
    }

    private VcpuHost(ActorContext<Command> context, Scenario scenario, NodeShare checked, int from, int to) {
        super(context);
        this.scenario = scenario;
        this.next = checked;
        this.from = from;
        this.to = to;
        this.ended = context.messageAdapter(VcpuResult.class, Ended::new);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Go.class, this::onGo)
                .onMessage(Ended.class, e -> {
                    done.tell(e.result());
                    return this;
                })
                .onMessage(Collect.class, c -> {
                    c.link().tell(new RunLink.Exits(share.exits()));
                    return this;
                })
                .build();
    }

    private Behavior<Command> onGo(Go go) {
        running.forEach(getContext()::stop);     // the last run's, frozen or halted
        running.clear();
        share = next != null ? next : NodeShare.wire(scenario);
        next = null;
        done = go.done();
        runs++;
        ActorRef<VmmActor.Command> vmm = go.vmm();
        if (share.turns()) {
            vmm = getContext().spawn(MemoryProxy.create(go.vmm(), share.memory()), "memory-proxy-" + runs);
            running.add(vmm);
        }
        List<ActorRef<VcpuActor.Command>> vcpus = new ArrayList<>(to - from);
        // one actor per vCPU: the coordinator addresses each vCPU of a split run by its own ref
        io.tdxsim.vcpu.VcpuSpawner spawner = new io.tdxsim.vcpu.VcpuSpawner("run-" + runs + "-vcpu-", share::vcpu, to, 1,
                vmm, ended, share.recorder());
        for (int v = from; v < to; v++) {
            ActorRef<VcpuActor.Command> vcpu = spawner.spawn(getContext(), v);
            vcpus.add(vcpu);
            running.add(vcpu);
        }
        go.link().tell(new RunLink.Spawned(from, vcpus));
        for (int v = from; v < to; v++) {
            vcpus.get(v - from).tell(new VcpuActor.Start(v));
        }
        return this;
    }
}
