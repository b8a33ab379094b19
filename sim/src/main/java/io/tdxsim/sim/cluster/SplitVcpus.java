package io.tdxsim.sim.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import io.tdxsim.sim.run.Split;
import io.tdxsim.vcpu.TdMemory;
import io.tdxsim.vcpu.VcpuResult;
import io.tdxsim.vmm.VmmActor;
import java.util.List;

/**
 * One run's share of the worker nodes: vCPUs below {@code homeEnd} run on the home node, the
 * others on the hosts, in the ranges each host was given when it joined.
 */
final class SplitVcpus implements Split {

    private final List<ActorRef<VcpuHost.Command>> hosts;
    private final int homeEnd;
    private final int run;
    private ActorRef<RunLink.Command> link;

    SplitVcpus(List<ActorRef<VcpuHost.Command>> hosts, int homeEnd, int run) {
        this.hosts = hosts;
        this.homeEnd = homeEnd;
        this.run = run;
    }

    @Override
    public boolean here(int index) {
        return index < homeEnd;
    }

    @Override
    public int nodes() {
        return hosts.size();
    }

    @Override
    public void start(ActorContext<?> context, ActorRef<VmmActor.Command> vmm, TdMemory memory, boolean turns,
                      ActorRef<VcpuResult> done, ActorRef<Event> events) {
        link = context.spawn(RunLink.create(events), "split-link-" + run);
        ActorRef<VmmActor.Command> calls = vmm;
        if (turns) {
            WriteLog log = new WriteLog();
            memory.observeWrites(log);
            calls = context.spawn(MemoryHub.create(vmm, memory, log, hosts.size()), "memory-hub-" + run);
        }
        for (ActorRef<VcpuHost.Command> h : hosts) {
            h.tell(new VcpuHost.Go(calls, done, link));
        }
    }

    @Override
    public void collect() {
        for (ActorRef<VcpuHost.Command> h : hosts) {
            h.tell(new VcpuHost.Collect(link));
        }
    }
}
