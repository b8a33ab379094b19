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
}
