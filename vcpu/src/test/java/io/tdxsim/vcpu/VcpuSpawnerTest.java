package io.tdxsim.vcpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import akka.actor.typed.ActorRef;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.javadsl.Behaviors;
import io.tdxsim.vcpu.handler.HandlerProfile;
import io.tdxsim.vmm.engine.CostModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** vCPUs spawned from shared props each run their own spec, found from the actor's name. */
class VcpuSpawnerTest {

    private static final ActorTestKit TEST_KIT = ActorTestKit.create();

    @AfterAll
    static void tearDown() {
        TEST_KIT.shutdownTestKit();
    }

    /** 5 per actor: actors of 5, 5 and 2, so messages for different vCPUs share a mailbox. */
    @ParameterizedTest
    @ValueSource(ints = {1, 5, 12})
    void eachSpawnedVcpuRunsTheSpecOfItsOwnIndex(int perActor) {
        int n = 12;
        // vCPU i's program leaves 1000 + i in RBX: a vCPU built from another's spec shows at once
        List<VcpuSpec> specs = IntStream.range(0, n).mapToObj(i -> new VcpuSpec(i,
                Code.start().movabs(Gpr.RBX, 1000 + i).hlt().bytes(), false, HandlerProfile.LINUX, 48, 64L << 20,
                null, new CostModel(1, 2000, 4000, 300, false), 1000, 100)).toList();
        TestProbe<VcpuResult> done = TEST_KIT.createTestProbe();
        VcpuSpawner spawner = new VcpuSpawner("core-" + perActor + "-", specs::get, n, perActor,
                TEST_KIT.system().ignoreRef(), done.getRef(), ExitObserver.NONE);

        TEST_KIT.spawn(Behaviors.setup(parent -> {
            for (int first = 0; first < n; first += perActor) {
                ActorRef<VcpuActor.Command> actor = spawner.spawn(parent, first);
                for (int v = first + spawner.actorSize(first) - 1; v >= first; v--) {
                    actor.tell(new VcpuActor.Start(v));
                }
            }
            return Behaviors.empty();
        }));

        Map<Integer, Long> rbxByIndex = new HashMap<>();
        for (int i = 0; i < n; i++) {
            VcpuResult r = done.receiveMessage();
            assertNull(r.fault(), r::detail);
            rbxByIndex.put(r.index(), r.gprs()[Gpr.RBX.number()]);
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1000L + i, rbxByIndex.get(i), "vCPU " + i);
        }
    }
}
