package io.tdxsim.sim.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import com.typesafe.config.Config;
import io.tdxsim.sim.run.StripedHistogram;
import io.tdxsim.vcpu.VcpuSpawner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The limit an exit cannot beat on this machine: the four messages of an exit (sender to a
 * VMM-like actor, to a device-like actor, back to the VMM, back to the sender) with no work in
 * them, on an actor system configured as a run's (the VMM and device on the serving dispatcher if
 * it has one). Senders are spread over actors as a run spreads
 * its vCPUs (the shipped run.vcpu-actors), and timed like vCPUs: one wall-clock read at send and
 * one at answer.
 */
final class RawPingPong implements AutoCloseable {

    interface Msg {
    }

    private record Ping(int sender, ActorRef<Msg> actor) implements Msg {
    }

    private record Forward(Ping ping, ActorRef<Msg> vmm) implements Msg {
    }

    private record Served(Ping ping) implements Msg {
    }

    private record Pong(int sender) implements Msg {
    }

    private enum Go implements Msg { INSTANCE }

    private enum Finished implements Msg { INSTANCE }

    private record Round(int senders, int trips, StripedHistogram latency, CompletableFuture<Void> done) { }

    private final ActorSystem<Round> system;

    RawPingPong(Config config) {
        system = ActorSystem.create(Behaviors.setup(ctx -> {
            int[] n = {0};
            return Behaviors.receive(Round.class).onMessage(Round.class, r -> {
                ctx.spawn(guardian(r), "round-" + n[0]++);
                return Behaviors.same();
            }).build();
        }), "raw", config);
    }

    /** One round: every sender does {@code trips} round trips; returns the wall time in ns. */
    long round(int senders, int trips, StripedHistogram latency) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        long start = System.nanoTime();
        system.tell(new Round(senders, trips, latency, done));
        try {
            done.get(30, TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("raw ping-pong round failed", e);
        }
        return System.nanoTime() - start;
    }

    private static Behavior<Msg> guardian(Round r) {
        return Behaviors.setup(ctx -> {
            akka.actor.typed.Props serving = io.tdxsim.sim.run.DispatcherSetting.servingProps(ctx.getSystem());
            ActorRef<Msg> device = ctx.spawn(Behaviors.<Msg>setup(Device::new), "device", serving);
            ActorRef<Msg> vmm = ctx.spawn(Behaviors.<Msg>setup(c -> new Vmm(c, device)), "vmm", serving);
            int perActor = VcpuSpawner.perActor(r.senders(), SHIPPED_ACTORS);
            int actors = 0;
            for (int first = 0; first < r.senders(); first += perActor) {
                int count = Math.min(perActor, r.senders() - first);
                int from = first;
                ctx.spawn(Behaviors.<Msg>setup(c -> new Senders(c, from, count, vmm, ctx.getSelf(), r.trips(),
                        r.latency())), "senders-" + first).tell(Go.INSTANCE);
                actors++;
            }
            int[] finished = {0};
            int expected = actors;
            return Behaviors.receive(Msg.class).onMessageEquals(Finished.INSTANCE, () -> {
                if (++finished[0] < expected) {
                    return Behaviors.same();
                }
                r.done().complete(null);
                return Behaviors.stopped();
            }).build();
        });
    }

    /** Type-switch dispatch, as the vCPUs' actor uses: the leanest receive the typed API offers. */
    private static final class Lean extends Receive<Msg> {
        private final java.util.function.Function<Msg, Behavior<Msg>> handler;

        Lean(java.util.function.Function<Msg, Behavior<Msg>> handler) {
            this.handler = handler;
        }

        @Override
        public Behavior<Msg> receiveMessage(Msg msg) {
            return handler.apply(msg);
        }

        @Override
        public Behavior<Msg> receiveSignal(akka.actor.typed.Signal signal) {
            return Behaviors.unhandled();
        }
    }

    /** The actors a run spreads its vCPUs over, as reference.conf ships it. */
    private static final int SHIPPED_ACTORS =
            com.typesafe.config.ConfigFactory.defaultReference().getInt("tdxsim.run.vcpu-actors");

    /** Senders {@code first} to {@code first + count - 1}, each with one round trip in flight. */
    private static final class Senders extends AbstractBehavior<Msg> {
        private final int first;
        private final ActorRef<Msg> vmm;
        private final ActorRef<Msg> report;
        private final int trips;
        private final StripedHistogram latency;
        private final int[] done;
        private final long[] sentAt;
        private int finished;

        Senders(ActorContext<Msg> ctx, int first, int count, ActorRef<Msg> vmm, ActorRef<Msg> report, int trips,
                StripedHistogram latency) {
            super(ctx);
            this.first = first;
            this.vmm = vmm;
            this.report = report;
            this.trips = trips;
            this.latency = latency;
            this.done = new int[count];
            this.sentAt = new long[count];
        }

        @Override
        public Receive<Msg> createReceive() {
            return new Lean(msg -> {
                if (msg instanceof Pong p) {
                    int i = p.sender() - first;
                    latency.record(System.nanoTime() - sentAt[i]);
                    if (++done[i] < trips) {
                        send(i);
                    } else if (++finished == done.length) {
                        report.tell(Finished.INSTANCE);
                    }
                    return this;
                }
                if (msg != Go.INSTANCE) {
                    return Behaviors.unhandled();
                }
                for (int i = 0; i < done.length; i++) {
                    send(i);
                }
                return this;
            });
        }

        private void send(int i) {
            sentAt[i] = System.nanoTime();
            vmm.tell(new Ping(first + i, getContext().getSelf()));
        }
    }

    private static final class Vmm extends AbstractBehavior<Msg> {
        private final ActorRef<Msg> device;

        Vmm(ActorContext<Msg> ctx, ActorRef<Msg> device) {
            super(ctx);
            this.device = device;
        }

        @Override
        public Receive<Msg> createReceive() {
            return new Lean(msg -> {
                if (msg instanceof Ping p) {
                    device.tell(new Forward(p, getContext().getSelf()));
                } else if (msg instanceof Served s) {
                    s.ping().actor().tell(new Pong(s.ping().sender()));
                } else {
                    return Behaviors.unhandled();
                }
                return this;
            });
        }
    }

    private static final class Device extends AbstractBehavior<Msg> {
        Device(ActorContext<Msg> ctx) {
            super(ctx);
        }

        @Override
        public Receive<Msg> createReceive() {
            return new Lean(msg -> {
                if (msg instanceof Forward f) {
                    f.vmm().tell(new Served(f.ping()));
                    return this;
                }
                return Behaviors.unhandled();
            });
        }
    }

    @Override
    public void close() {
        io.tdxsim.sim.run.ActorSystems.shutDown(system, java.time.Duration.ofSeconds(60));
    }
}
