package io.tdxsim.sim.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.tdxsim.vcpu.TdMemory;
import io.tdxsim.vmm.MemoryTurn;
import io.tdxsim.vmm.VmmActor;
import java.util.HashMap;
import java.util.Map;

/**
 * Stands in front of the VMM for the vCPUs of other nodes when a split run takes memory turns
 * (deterministic mode with guest programs): every node keeps a copy of the TD's memory, and the
 * hub keeps the copies the same. A node's turn ends with its writes, which the hub adds to the home
 * node's memory and to the {@link WriteLog} before the VMM hears the turn is done; a turn granted to
 * a node goes out with the writes that node has not seen. Each vCPU's messages reach the VMM
 * through the hub in the order sent, as they would directly.
 */
final class MemoryHub extends AbstractBehavior<VmmActor.Command> {

    /** A vCPU on another node asks for its turn; the grant goes back through {@code proxy}. */
    record RemoteTurn(int vcpu, long seq, long vt, ActorRef<VmmActor.Reply> replyTo,
                      ActorRef<VmmActor.Command> proxy) implements VmmActor.Command { }

    /** Its turn is over, with the writes it made (gpa, size, value triples). */
    record RemoteDone(int vcpu, long vt, long[] writes, ActorRef<VmmActor.Command> proxy)
            implements VmmActor.Command { }

    /** The VMM granted vCPU {@code vcpu}'s turn (told by its stand-in). */
    private record Granted(int vcpu) implements VmmActor.Command { }

    private final ActorRef<VmmActor.Command> vmm;
    private final TdMemory memory;
    private final WriteLog log;
    private final int nodes;
    private final Map<Integer, ActorRef<VmmActor.Reply>> standIns = new HashMap<>();
    private final Map<Integer, RemoteTurn> asked = new HashMap<>();
    /** How far into the log each node has been sent. */
    private final Map<ActorRef<VmmActor.Command>, Long> seen = new HashMap<>();

    static Behavior<VmmActor.Command> create(ActorRef<VmmActor.Command> vmm, TdMemory memory, WriteLog log, int nodes) {
        return Behaviors.setup(context -> new MemoryHub(context, vmm, memory, log, nodes));
    }

    private MemoryHub(ActorContext<VmmActor.Command> context, ActorRef<VmmActor.Command> vmm, TdMemory memory,
                      WriteLog log, int nodes) {
        super(context);
        this.vmm = vmm;
        this.memory = memory;
        this.log = log;
        this.nodes = nodes;
    }

    @Override
    public Receive<VmmActor.Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(RemoteTurn.class, this::onTurn)
                .onMessage(RemoteDone.class, this::onDone)
                .onMessage(Granted.class, this::onGranted)
                .onAnyMessage(m -> {
                    vmm.tell(m);
                    return this;
                })
                .build();
    }

    private Behavior<VmmActor.Command> onTurn(RemoteTurn t) {
        asked.put(t.vcpu(), t);
        seen.putIfAbsent(t.proxy(), 0L);
        vmm.tell(new MemoryTurn(t.vcpu(), t.seq(), t.vt(), standIns.computeIfAbsent(t.vcpu(), this::standIn)));
        return this;
    }

    /** The VMM grants a turn by telling the asker; for a remote vCPU this home actor is told. */
    private ActorRef<VmmActor.Reply> standIn(int vcpu) {
        ActorRef<VmmActor.Command> hub = getContext().getSelf();
        return getContext().spawn(Behaviors.<VmmActor.Reply>receiveMessage(granted -> {
            hub.tell(new Granted(vcpu));
            return Behaviors.same();
        }), "turns-of-vcpu-" + vcpu);
    }

    private Behavior<VmmActor.Command> onDone(RemoteDone d) {
        long[] w = d.writes();
        for (int i = 0; i < w.length; i += 3) {
            memory.applyRemote(w[i], (int) w[i + 1], w[i + 2]);
        }
        log.add(d.proxy(), w);
        vmm.tell(new VmmActor.MemoryDone(d.vcpu(), d.vt()));
        return this;
    }

    private Behavior<VmmActor.Command> onGranted(Granted g) {
        RemoteTurn t = asked.remove(g.vcpu());
        long end = log.end();
        t.proxy().tell(new MemoryProxy.Grant(t.vcpu(), t.replyTo(), log.since(seen.get(t.proxy()), t.proxy())));
        seen.put(t.proxy(), end);
        if (seen.size() == nodes) {
            log.seenBy(java.util.Collections.min(seen.values()));
        }
        return this;
    }
}
