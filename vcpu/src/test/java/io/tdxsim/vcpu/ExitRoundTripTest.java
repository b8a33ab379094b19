package io.tdxsim.vcpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.tdxsim.devices.DeviceParams;
import io.tdxsim.devices.ScratchDevice;
import io.tdxsim.vcpu.handler.HandlerProfile;
import io.tdxsim.vmm.AddressMap;
import io.tdxsim.vmm.DeviceActor;
import io.tdxsim.vmm.DeviceStats;
import io.tdxsim.vmm.UnassignedPolicy;
import io.tdxsim.vmm.VmmActor;
import io.tdxsim.vmm.VmmSettings;
import io.tdxsim.vmm.VmmStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One vCPU, the VMM and a scratch device as real actors: the whole exit path, both directions. */
class ExitRoundTripTest {

    private static final long BASE = 0xfe000000L;
    private static final AddressSpace SPACE = new AddressSpace(48, 64L << 20);
    private static ActorTestKit testKit;

    @BeforeAll
    static void setUp() {
        testKit = ActorTestKit.create();
    }

    @AfterAll
    static void tearDown() {
        testKit.shutdownTestKit();
    }

    private record Rig(ActorRef<DeviceActor.Command> device, ActorRef<VmmActor.Command> vmm) { }

    private Rig rig(UnassignedPolicy policy) {
        ActorRef<DeviceActor.Command> device = testKit.spawn(
                DeviceActor.create(0, "scratch0", new ScratchDevice(DeviceParams.empty()), 500));
        AddressMap<ActorRef<DeviceActor.Command>> map = AddressMap.<ActorRef<DeviceActor.Command>>builder()
                .add("scratch0", BASE, 4096, device).build();
        ActorRef<VmmActor.Command> vmm = testKit.spawn(VmmActor.create(new VmmSettings(48, 300, policy), map));
        return new Rig(device, vmm);
    }

    private VcpuResult run(Rig rig, byte[] code) {
        TestProbe<VcpuResult> done = testKit.createTestProbe();
        VcpuSpec spec = new VcpuSpec(0, code, false, HandlerProfile.LINUX, 48, 64L << 20, null,
                new io.tdxsim.vmm.engine.CostModel(1, 2000, 4000, 300, false), 1000, 100);
        testKit.spawn(VcpuActor.create(spec, rig.vmm(), done.getRef(), ExitObserver.NONE))
                .tell(new VcpuActor.Start(0));
        return done.receiveMessage();
    }

    @Test
    void writeReachesTheDeviceAndReadLandsInTheDestinationRegister() {
        Rig rig = rig(UnassignedPolicy.ERROR);
        byte[] code = Code.start()
                .movabs(Gpr.RDI, SPACE.linearOf(BASE, false))
                .hex("c7 07 78 56 34 12")         // mov dword [rdi], 0x12345678
                .movabs(Gpr.RBX, 0x1111_1111_1111_1111L)
                .hex("8b 1f")                     // mov ebx, dword [rdi]
                .hlt().bytes();

        VcpuResult result = run(rig, code);

        assertNull(result.fault(), () -> "vCPU faulted: " + result.detail());
        assertEquals(2, result.exits());
        assertEquals(0x12345678L, result.gprs()[Gpr.RBX.number()], "32-bit read zero-extends into RBX");
        TestProbe<DeviceStats> stats = testKit.createTestProbe();
        rig.device().tell(new DeviceActor.GetStats(stats.getRef()));
        DeviceStats s = stats.receiveMessage();
        assertEquals(1, s.writes);
        assertEquals(1, s.reads);
        assertEquals(0x12345678L, ((Number) s.state.get("q0")).longValue(), "device holds the written bytes");
    }

    @Test
    void accessToAnAddressNoDeviceOwnsGetsAnErrorStatusAndTheVcpuReportsIt() {
        Rig rig = rig(UnassignedPolicy.ERROR);
        byte[] code = Code.start()
                .movabs(Gpr.RDI, SPACE.linearOf(BASE + 0x10000, false))
                .hex("8b 07")                     // mov eax, dword [rdi]
                .hlt().bytes();

        VcpuResult result = run(rig, code);

        assertEquals(Fault.OOPS, result.fault(), "linux turns a failed TDVMCALL into -EIO, then an oops");
        assertEquals(1, result.exits());
        assertEquals(1, result.failedExits());
        TestProbe<VmmStats> stats = testKit.createTestProbe();
        rig.vmm().tell(new VmmActor.GetStats(stats.getRef()));
        VmmStats v = stats.receiveMessage();
        assertEquals(1, v.unassignedReads);
    }
}
