package io.tdxsim.sim.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.tdxsim.sim.run.ExitRecorder;
import io.tdxsim.sim.run.Split;
import io.tdxsim.vcpu.VcpuActor;
import java.util.List;

/**
 * The home node's address for what the worker nodes tell a split run's guardian: it passes each
 * message on as the guardian's own (local) event.
 */
final class RunLink {

    interface Command extends ClusterMessage {
    }

    /** A node's vCPUs from {@code first} on are spawned and started. */
    record Spawned(int first, List<ActorRef<VcpuActor.Command>> vcpus) implements Command {
    }

    /** A node's exit figures. */
    record Exits(ExitRecorder.Part part) implements Command {
    }

    private RunLink() {
    }

    static Behavior<Command> create(ActorRef<Split.Event> guardian) {
        return Behaviors.receiveMessage(m -> {
            guardian.tell(m instanceof Spawned s ? new Split.Spawned(s.first(), s.vcpus())
                    : new Split.Exits(((Exits) m).part()));
            return Behaviors.same();
        });
    }
}
