package io.tdxsim.sim.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;
import io.tdxsim.sim.run.Campaign;
import io.tdxsim.sim.run.Exploration;
import io.tdxsim.sim.scenario.HostPort;
import io.tdxsim.sim.scenario.Scenario;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every message a campaign sends between nodes goes through Jackson CBOR and comes back whole. */
class ClusterMessagesTest {

    private static ActorTestKit kit;
    private static Serialization serialization;

    @BeforeAll
    static void node() throws Exception {
        HostPort self = new HostPort("127.0.0.1", Jvm.freePort());
        kit = ActorTestKit.create(ClusterNode.SYSTEM, ClusterNode.config(self, self, ClusterNode.WORKER));
        serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));
    }

    @AfterAll
    static void stop() {
        kit.shutdownTestKit();
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T message) {
        Serializer serializer = serialization.findSerializerFor(message);
        assertTrue(serializer.getClass().getName().contains("JacksonCborSerializer"),
                () -> message.getClass() + " is written by " + serializer.getClass());
        byte[] bytes = serialization.serialize(message).get();
        return (T) serialization.deserialize(bytes, serializer.identifier(),
                Serializers.manifestFor(serializer, message)).get();
    }

    @Test
    void aSeedsResultComesBackFieldForField() {
        TestProbe<Worker.Command> worker = kit.createTestProbe(Worker.Command.class);
        Campaign.Sample sample = new Campaign.Sample(0, "37/40", Scenario.Grade.ACCEPTABLE_INTERESTING, "lost", 2,
                true, false, new long[][] {{1, 2}, {3}}, "a model threw", List.of("value=37", "writes=40"));
        Exploration.Seed seed = new Exploration.Seed(9, sample, new long[] {-5, 7}, 120);
        Coordinator.Ran back = roundTrip(new Coordinator.Ran(worker.ref(), seed));
        assertEquals(worker.ref(), back.worker());
        Exploration.Seed s = back.result();
        assertEquals(9, s.seed());
        assertEquals(120, s.exits());
        assertArrayEquals(new long[] {-5, 7}, s.orders());
        Campaign.Sample b = s.sample();
        assertEquals(List.of(0, "37/40", Scenario.Grade.ACCEPTABLE_INTERESTING, "lost", 2L, true, false, "a model threw",
                List.of("value=37", "writes=40")), List.of(b.run(), b.key(), b.grade(), b.rule(), b.orderViolations(),
                b.complete(), b.exact(), b.failure(), b.states()));
        assertArrayEquals(new long[][] {{1, 2}, {3}}, b.schedules());
    }

    @Test
    void aSampleWithoutGradeOrScheduleStaysWithout() {
        TestProbe<Worker.Command> worker = kit.createTestProbe(Worker.Command.class);
        Campaign.Sample sample = new Campaign.Sample(0, "-", null, null, 0, true, true, null, null, null);
        Campaign.Sample b = roundTrip(new Coordinator.Ran(worker.ref(), new Exploration.Seed(1, sample, new long[0], 0)))
                .result().sample();
        assertEquals(null, b.grade());
        assertEquals(null, b.schedules());
        assertEquals(null, b.states());
    }

    @Test
    void theControlMessagesComeBackEqual() {
        TestProbe<Worker.Command> worker = kit.createTestProbe(Worker.Command.class);
        TestProbe<Coordinator.Command> coordinator = kit.createTestProbe(Coordinator.Command.class);
        for (Object m : List.of(new Worker.Start(coordinator.ref(), "race", "tdxsim { name = race }"),
                new Worker.Run(Long.MIN_VALUE), new Worker.Finish(200), new Coordinator.Pull(worker.ref(), 3),
                new Coordinator.SeedFailed(worker.ref(), 4, "no such class"))) {
            assertEquals(m, roundTrip(m));
        }
    }

    @Test
    void aSplitRunsMessagesComeBackEqual() {
        TestProbe<io.tdxsim.vmm.VmmActor.Reply> vcpu = kit.createTestProbe(io.tdxsim.vmm.VmmActor.Reply.class);
        TestProbe<io.tdxsim.vmm.VmmActor.Command> vmm = kit.createTestProbe(io.tdxsim.vmm.VmmActor.Command.class);
        TestProbe<io.tdxsim.vcpu.VcpuResult> done = kit.createTestProbe(io.tdxsim.vcpu.VcpuResult.class);
        io.tdxsim.vmm.TdVmCall call = io.tdxsim.vmm.TdVmCall.mmio(3, 9, 100, 200, 4, true, 0x8000fe000010L, -2, vcpu.ref());
        for (Object m : List.of(call, io.tdxsim.vmm.TdVmCall.io(1, 2, 3, 4, 1, false, 0x3f8, 7, vcpu.ref()),
                new io.tdxsim.vmm.TdVmCallResult(9, 0, 0xffff, 300, 1, 210, 220),
                new io.tdxsim.vmm.VmmActor.MemoryDone(3, 400), new io.tdxsim.vmm.VmmActor.Progress(2, 500),
                new io.tdxsim.vmm.VmmActor.VcpuFinished(5), new io.tdxsim.vmm.VmmActor.Stopped(5, vcpu.ref()),
                new io.tdxsim.vcpu.VcpuActor.Report(5, done.ref()), new io.tdxsim.vcpu.VcpuActor.Start(5),
                new io.tdxsim.vmm.VmmActor.TurnGranted(3), new io.tdxsim.vmm.VmmActor.Drained(5),
                new io.tdxsim.vmm.VmmActor.SpinTurnGranted(3, 40),
                new VcpuHost.Go(vmm.ref(), done.ref(), kit.createTestProbe(RunLink.Command.class).ref()))) {
            assertEquals(m, roundTrip(m));
        }
        // an answer keeps the vCPU it is addressed to: the vCPU's actor may run others too
        assertEquals(7, ((io.tdxsim.vmm.TdVmCallResult) roundTrip(
                new io.tdxsim.vmm.TdVmCallResult(9, 0, 0xffff, 300, 1, 210, 220).addressedTo(7))).vcpu());
        MemoryHub.RemoteDone writes = roundTrip(new MemoryHub.RemoteDone(3, 400, new long[] {0x1000, 8, -1}, vmm.ref()));
        assertArrayEquals(new long[] {0x1000, 8, -1}, writes.writes());
        io.tdxsim.vcpu.VcpuResult r = roundTrip(new io.tdxsim.vcpu.VcpuResult(4, io.tdxsim.vcpu.Fault.OOPS, "decode",
                "log line", new long[] {1, -2, 3}, 0xffffffff81000010L, 1, 10, 9, 1, 2, true, 1234, 5678, 90, 40));
        assertEquals(List.of(4, io.tdxsim.vcpu.Fault.OOPS, "decode", "log line", 0xffffffff81000010L, 10L, 9L, 1234L,
                5678L, 90L, 40L), List.of(r.index(), r.fault(), r.detail(), r.log(), r.rip(), r.issued(), r.exits(),
                r.instructions(), r.vt(), r.waitNs(), r.maxWaitNs()));
        assertArrayEquals(new long[] {1, -2, 3}, r.gprs());
    }

    @Test
    void aNodesExitFiguresComeBackWhole() {
        io.tdxsim.sim.run.ExitRecorder recorder = new io.tdxsim.sim.run.ExitRecorder(1, 4);
        for (int s = 1; s <= 6; s++) {
            recorder.exitCompleted(2, s, 0, s % 2 == 0, 8, 0xfe000000L, 100L * s, 100L * s + 5, 100L * s + 9,
                    100L * s + 12, 100L * s + 40, 100L * s + 45 + s, 0);
        }
        io.tdxsim.sim.run.ExitRecorder.Part part = recorder.part();
        io.tdxsim.sim.run.ExitRecorder.Part back = roundTrip(new RunLink.Exits(part)).part();
        assertArrayEquals(part.reads(), back.reads());
        assertArrayEquals(part.writes(), back.writes());
        assertArrayEquals(part.failed(), back.failed());
        assertArrayEquals(part.latencyNs(), back.latencyNs());
        assertEquals(part.logSeen(), back.logSeen());
        assertEquals(part.logRows(), back.logRows());
    }
}
