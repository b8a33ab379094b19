package io.tdxsim.sim.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.tdxsim.vcpu.TdMemory;
import io.tdxsim.vcpu.WriteObserver;
import io.tdxsim.vmm.MemoryTurn;
import io.tdxsim.vmm.VmmActor;

/**
 * A worker node's end of the {@link MemoryHub}: this node's vCPUs take it for the VMM. It sends
 * each turn's writes to this node's copy of the TD's memory along with the turn's end, and applies
 * the writes the hub sends with a grant before the vCPU executes its turn. Turns are granted one
 * at a time, so the writes it collects between a grant and the turn's end are that turn's.
 */
final class MemoryProxy extends AbstractBehavior<VmmActor.Command> {

    /** A turn for {@code vcpu}, after the others' {@code writes} it has not seen. */
    record Grant(int vcpu, ActorRef<VmmActor.Reply> replyTo, long[] writes) implements VmmActor.Command { }

    /** This node's writes since the last turn ended; the turn's vCPU thread adds, the proxy takes. */
    private static final class Turn implements WriteObserver {
        private long[] writes = new long[48];
        private int length;

        @Override
        public synchronized void wrote(long gpa, int size, long value) {
            if (length + 3 > writes.length) {
                writes = java.util.Arrays.copyOf(writes, writes.length * 2);
            }
            writes[length++] = gpa;
            writes[length++] = size;
            writes[length++] = value;
        }

        synchronized long[] take() {
            long[] out = java.util.Arrays.copyOf(writes, length);
            length = 0;
            return out;
        }
    }

    private final ActorRef<VmmActor.Command> hub;
    private final TdMemory memory;
    private final Turn turn;

    /** Observes {@code memory} from now on: call before this node's vCPUs are spawned. */
    static Behavior<VmmActor.Command> create(ActorRef<VmmActor.Command> hub, TdMemory memory) {
        Turn turn = new Turn();
        memory.observeWrites(turn);
        return Behaviors.setup(context -> new MemoryProxy(context, hub, memory, turn));
    }

    private MemoryProxy(ActorContext<VmmActor.Command> context, ActorRef<VmmActor.Command> hub, TdMemory memory,
                        Turn turn) {
        super(context);
        this.hub = hub;
        this.memory = memory;
        this.turn = turn;
    }

    @Override
    public Receive<VmmActor.Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(MemoryTurn.class, t -> {
                    hub.tell(new MemoryHub.RemoteTurn(t.vcpu(), t.seq(), t.vt(), t.replyTo(), getContext().getSelf()));
                    return this;
                })
                .onMessage(VmmActor.MemoryDone.class, d -> {
                    hub.tell(new MemoryHub.RemoteDone(d.vcpu(), d.vt(), turn.take(), getContext().getSelf()));
                    return this;
                })
                .onMessage(Grant.class, g -> {
                    long[] w = g.writes();
                    for (int i = 0; i < w.length; i += 3) {
                        memory.applyRemote(w[i], (int) w[i + 1], w[i + 2]);
                    }
                    g.replyTo().tell(new VmmActor.TurnGranted(g.vcpu()));
                    return this;
                })
                .onAnyMessage(m -> {
                    hub.tell(m);
                    return this;
                })
                .build();
    }
}
