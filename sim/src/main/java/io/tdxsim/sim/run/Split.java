package io.tdxsim.sim.run;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.ActorContext;
import io.tdxsim.vcpu.TdMemory;
import io.tdxsim.vcpu.VcpuActor;
import io.tdxsim.vcpu.VcpuResult;
import io.tdxsim.vmm.VmmActor;
import java.util.List;

/**
 * One run whose vCPUs are spread over several JVMs, as the run's guardian sees it: the VMM, the
 * devices and the first vCPUs live in this JVM, the others on worker nodes (the cluster package
 * implements it). The guardian treats their vCPUs as its own once it has their references.
 */
public interface Split {

    /** Whether vCPU {@code index} runs in this JVM. */
    boolean here(int index);

    /** How many other nodes hold vCPUs; each sends one {@link Exits} after {@link #collect}. */
    int nodes();

    /**
     * Spawns and starts the other nodes' vCPUs, calling {@code vmm}; their results go to
     * {@code done}, their references and exit figures to {@code events}. With memory turns
     * (deterministic mode running guest programs) it also keeps every node's copy of
     * {@code memory} the same as this one.
     */
    void start(ActorContext<?> context, ActorRef<VmmActor.Command> vmm, TdMemory memory, boolean turns,
               ActorRef<VcpuResult> done, ActorRef<Event> events);

    /** Asks every other node for its exit figures; called once no vCPU there makes exits any more. */
    void collect();

    /** A node holding vCPUs of the run went away before the run was over: the run cannot end well. */
    final class NodeLost extends RuntimeException {
        public NodeLost(String message) {
            super(message, null, false, false);
        }
    }

    /** What the other nodes tell the guardian (delivered in this JVM). */
    sealed interface Event permits Spawned, Exits { }

    /** A node's vCPUs from index {@code first} on are running. */
    record Spawned(int first, List<ActorRef<VcpuActor.Command>> vcpus) implements Event { }

    /** A node's exit figures, to be added to this run's. */
    record Exits(ExitRecorder.Part part) implements Event { }
}
