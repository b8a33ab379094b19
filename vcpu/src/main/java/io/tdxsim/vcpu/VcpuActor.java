package io.tdxsim.vcpu;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Signal;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.tdxsim.vmm.VmmActor;
import java.util.function.IntFunction;

/**
 * Runs vCPUs {@code first} to {@code first + count - 1}, one message at a time, each message
 * naming the vCPU it is for. An actor per vCPU costs a mailbox, a cell and a dispatcher wake-up
 * each, and with tens of thousands of them every exit met them cold in the cache: the raw four
 * messages fell from 1.47M round trips/s at 64 senders to 0.84M at 65,536, but reached 2.06M with
 * the 65,536 senders run by 64 actors (one run, median of three). A vCPU never blocks its actor's thread, so the others wait
 * at most one slice.
 */
public final class VcpuActor extends AbstractBehavior<VmmActor.Reply> {

    /** What a vCPU is told by the run; its actor's mailbox takes these and the VMM's replies alike. */
    public interface Command extends VmmActor.Reply {
    }

    /** Starts vCPU {@code vcpu} at its program's first instruction. */
    public record Start(int vcpu) implements Command { }

    /** Asks vCPU {@code vcpu} for a snapshot (when a run is stopped before it finished). */
    public record Report(int vcpu, ActorRef<VcpuResult> replyTo) implements Command { }

    /** vCPU {@code vcpu} runs its next slice: told to itself, so the others get their turn first. */
    record Continue(int vcpu) implements Command { }

    /** A spinner that ran ahead may look again whether the others caught up ({@link SpinClocks}). */
    record Wake(int vcpu) implements Command { }

    private final int first;
    private final Vcpu[] vcpus;

    /** One vCPU in an actor of its own. */
    public static Behavior<VmmActor.Reply> create(VcpuSpec spec, ActorRef<VmmActor.Command> vmm,
                                                  ActorRef<VcpuResult> done, ExitObserver observer) {
        VcpuRun run = new VcpuRun(vmm, done, observer);
        return Behaviors.setup(context -> new VcpuActor(context, spec.index(), 1, i -> spec, run));
    }

    VcpuActor(ActorContext<VmmActor.Reply> context, int first, int count, IntFunction<VcpuSpec> specs, VcpuRun run) {
        super(context);
        this.first = first;
        this.vcpus = new Vcpu[count];
        for (int i = 0; i < count; i++) {
            vcpus[i] = new Vcpu(specs.apply(first + i), run, context.getSelf());
        }
    }

    @Override
    public Receive<VmmActor.Reply> createReceive() {
        return new Dispatch();
    }

    /** No per-case list to walk: every message goes to the vCPU it names. */
    private final class Dispatch extends Receive<VmmActor.Reply> {
        @Override
        public Behavior<VmmActor.Reply> receiveMessage(VmmActor.Reply msg) {
            int i = msg.vcpu() - first;
            if (i < 0 || i >= vcpus.length || vcpus[i].receive(msg) == null) {
                return Behaviors.unhandled();
            }
            return VcpuActor.this;
        }

        @Override
        public Behavior<VmmActor.Reply> receiveSignal(Signal signal) {
            return Behaviors.unhandled();
        }
    }
}
