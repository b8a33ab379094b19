package io.tdxsim.sim.cluster;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tdxsim.sim.scenario.HostPort;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Starts an actor system as a node of a tdxsim cluster: one configuration for every node. */
final class ClusterNode {

    static final String SYSTEM = "tdxsim-cluster";
    static final String COORDINATOR = "coordinator";
    static final String WORKER = "worker";

    /**
     * How long an unreachable node stays in the cluster before it is downed. Its seeds go to other
     * workers as soon as it is unreachable; this only decides when the cluster stops waiting for
     * it, and must be the same on every node.
     */
    static final String STABLE_AFTER = "4s";

    private ClusterNode() {
    }

    /**
     * @param self where this node listens and how others reach it
     * @param seed the coordinator: the cluster's one seed node
     */
    static Config config(HostPort self, HostPort seed, String role) {
        return node(self, seed, role).withFallback(ConfigFactory.defaultReference());
    }

    private static Config node(HostPort self, HostPort seed, String role) {
        return ConfigFactory.parseString(String.join("\n",
                "akka.actor.provider = cluster",
                "akka.remote.artery.transport = tcp",
                "akka.remote.artery.canonical.hostname = \"" + self.host() + "\"",
                "akka.remote.artery.canonical.port = " + self.port(),
                "akka.remote.artery.advanced.maximum-frame-size = 4MiB",   // a scenario's text travels once
                "akka.cluster.seed-nodes = [\"akka://" + SYSTEM + "@" + seed + "\"]",
                "akka.cluster.roles = [" + role + "]",
                // a worker started before its coordinator tries again soon, not after the default 10s
                "akka.cluster.retry-unsuccessful-join-after = 2s",
                "akka.cluster.log-info = off",
                "akka.cluster.jmx.enabled = off",
                // the coordinator is the oldest node: its side survives any worker's crash, and a
                // campaign whose coordinator is gone has nothing left to do
                "akka.cluster.downing-provider-class = \"akka.cluster.sbr.SplitBrainResolverProvider\"",
                "akka.cluster.split-brain-resolver.active-strategy = keep-oldest",
                "akka.cluster.split-brain-resolver.keep-oldest.down-if-alone = off",
                "akka.cluster.split-brain-resolver.stable-after = " + STABLE_AFTER,
                "akka.actor.serialization-bindings { \"" + ClusterMessage.class.getName() + "\" = jackson-cbor }",
                // a split run's vCPUs on one node and the VMM on another: the data path's own
                // protocols, by their interfaces (only messages between nodes are ever serialized)
                "akka.actor.serialization-bindings { \"" + io.tdxsim.vmm.VmmActor.Command.class.getName() + "\" = jackson-cbor }",
                "akka.actor.serialization-bindings { \"" + io.tdxsim.vmm.VmmActor.Reply.class.getName() + "\" = jackson-cbor }",
                "akka.actor.serialization-bindings { \"" + io.tdxsim.vcpu.VcpuResult.class.getName() + "\" = jackson-cbor }",
                "akka.coordinated-shutdown.exit-jvm = off",
                // the commands report joins and losses themselves, on one line each
                "akka.loglevel = ERROR",
                "akka.loggers = [\"akka.event.slf4j.Slf4jLogger\"]",
                "akka.logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"",
                "akka.log-dead-letters = off",
                "akka.log-dead-letters-during-shutdown = off"));
    }

    static <T> ActorSystem<T> start(Behavior<T> guardian, HostPort self, HostPort seed, String role)
            throws NodeException {
        return start(guardian, self, seed, role, ConfigFactory.empty());
    }

    /** @param runs the configuration of the runs the node hosts (a split run's dispatcher) */
    static <T> ActorSystem<T> start(Behavior<T> guardian, HostPort self, HostPort seed, String role, Config runs)
            throws NodeException {
        // Artery only logs a failed bind: try the address first, so the command can say why on one line
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.bind(new InetSocketAddress(self.host(), self.port()));
        } catch (java.io.IOException | RuntimeException e) {
            throw new NodeException("cannot listen on " + self + ": " + rootMessage(e));
        }
        try {
            return ActorSystem.create(guardian, SYSTEM, node(self, seed, role).withFallback(runs)
                    .withFallback(ConfigFactory.defaultReference()));
        } catch (RuntimeException e) {
            throw new NodeException("cannot listen on " + self + ": " + rootMessage(e));
        }
    }

    /**
     * The address of this machine that routes towards {@code peer}, as the peer will see it. A
     * UDP socket's connect picks the route and sends nothing.
     */
    static String addressTowards(HostPort peer) throws NodeException {
        InetAddress target;
        try {
            target = InetAddress.getByName(peer.host());
        } catch (UnknownHostException e) {
            throw new NodeException(peer + ": unknown host '" + peer.host() + "'");
        }
        if (target.isLoopbackAddress()) {
            return target.getHostAddress();
        }
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(target, peer.port()));
            InetAddress local = probe.getLocalAddress();
            if (local == null || local.isAnyLocalAddress()) {
                throw new NodeException("no route from this machine to " + peer + "; name this node's address with --host");
            }
            return local.getHostAddress();
        } catch (java.io.IOException e) {
            throw new NodeException("no route from this machine to " + peer + ": " + e.getMessage());
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return (m == null ? t.getClass().getSimpleName() : m).replaceAll("\\s+", " ").trim();
    }
}
