package io.tdxsim.sim.bench;

import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import io.tdxsim.sim.cluster.NodeException;
import io.tdxsim.sim.cluster.SplitNode;
import io.tdxsim.sim.run.RunResult;
import io.tdxsim.sim.run.SimRun;
import io.tdxsim.sim.scenario.HostPort;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vmm.TdVmCall;
import io.tdxsim.vmm.TdVmCallResult;
import io.tdxsim.vmm.VmmActor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

/**
 * One deterministic run in this JVM and the same run split over this JVM and a worker JVM that
 * the bench starts on this machine (run --cluster): exits per second of the last of a few runs
 * (the worker JVM warm by then), whether the virtual-time figures agree, and what Jackson CBOR
 * costs to write and read the two messages every remote exit sends, against the time a remote
 * exit takes: the measure of whether a serializer of tdxsim's own would pay.
 */
final class SplitRate {

    /** @param problem why the split run could not be measured, or null */
    record Measured(int vcpus, long exits, double localExitsPerSecond, double splitExitsPerSecond, boolean same,
                    double callMicros, double resultMicros, String problem) { }

    /** Two workload groups on two devices: no programs, so every vCPU's work is its exits. */
    static final String SCENARIO = """
            tdxsim {
              name = split-bench
              mode = deterministic
              outcomes.repeat = 3
              devices = [
                { name = regs, model = scratch, base = 0xfe000000, service = 200ns }
                { name = tick, model = counter, base = 0xfe001000, service = 400ns }
              ]
              vcpus = [
                { count = 128, workload { targets = [regs], read = 50%, sizes = [4, 8], exits = 40 } }
                { count = 128, workload { targets = [tick], offsets = [8], read = 100%, sizes = [8], exits = 40 } }
              ]
            }
            """;

    private SplitRate() {
    }

    static Measured measure() {
        Scenario s = ScenarioLoader.fromText(SCENARIO, "split-bench.conf");
        RunResult local = SimRun.campaign(s, null).last();
        HostPort at;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            at = new HostPort("127.0.0.1", free.getLocalPort());
        } catch (IOException e) {
            return failed(s, local, "no free port: " + e.getMessage());
        }
        Process worker = null;
        try {
            worker = new ProcessBuilder(WorkerJvm.command("worker", "--join", at.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (SplitNode node = SplitNode.open(at, s, 1, new PrintStream(OutputStream.nullOutputStream()))) {
                double[] micros = jacksonMicros(node);
                RunResult split = SimRun.campaign(s, null, node).last();
                boolean same = split.totalExits() == local.totalExits()
                        && split.virtualNanos() == local.virtualNanos();
                return new Measured(s.vcpuCount(), exits(local), rate(local), rate(split), same, micros[0], micros[1],
                        null);
            }
        } catch (NodeException | IOException | RuntimeException e) {
            return failed(s, local, e.getMessage());
        } finally {
            if (worker != null) {
                try {
                    if (!worker.waitFor(20, TimeUnit.SECONDS)) {
                        worker.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    worker.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static Measured failed(Scenario s, RunResult local, String problem) {
        return new Measured(s.vcpuCount(), exits(local), rate(local), Double.NaN, false, Double.NaN, Double.NaN,
                problem);
    }

    private static long exits(RunResult r) {
        return r.totalExits();
    }

    private static double rate(RunResult r) {
        return exits(r) * 1e9 / r.wallNanos();
    }

    /** Microseconds to write and read a TdVmCall and a TdVmCallResult, on the split node's serializers. */
    private static double[] jacksonMicros(SplitNode node) {
        Serialization serialization = SerializationExtension.get(Adapter.toClassic(node.system()));
        akka.actor.typed.ActorRef<VmmActor.Reply> ref = node.system().deadLetters();
        TdVmCall call = TdVmCall.mmio(17, 5, 1_000, 3_000, 8, true, 0x8000_fe00_0008L, 0x1234_5678L, ref);
        TdVmCallResult result = new TdVmCallResult(5, 0, 0x1234_5678L, 7_000, 1, 3_300, 3_600);
        return new double[] {roundTrips(serialization, call), roundTrips(serialization, result)};
    }

    private static double roundTrips(Serialization serialization, Object message) {
        Serializer serializer = serialization.findSerializerFor(message);
        String manifest = Serializers.manifestFor(serializer, message);
        int n = 20_000;
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {       // the first rounds warm the code up
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte[] bytes = serialization.serialize(message).get();
                serialization.deserialize(bytes, serializer.identifier(), manifest).get();
            }
            best = Math.min(best, System.nanoTime() - start);
        }
        return best / 1e3 / n;
    }
}
