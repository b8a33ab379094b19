package io.tdxsim.jmh;

import io.tdxsim.devices.AccessContext;
import io.tdxsim.devices.DeviceCatalog;
import io.tdxsim.devices.DeviceLog;
import io.tdxsim.devices.DeviceParams;
import io.tdxsim.vcpu.AddressSpace;
import io.tdxsim.vcpu.Interpreter;
import io.tdxsim.vcpu.RegisterFile;
import io.tdxsim.vcpu.asm.Assembler;
import io.tdxsim.vcpu.handler.HandlerProfile;
import io.tdxsim.vcpu.handler.VeDecision;
import io.tdxsim.vcpu.handler.VeHandler;
import io.tdxsim.vmm.AddressMap;
import io.tdxsim.vmm.DevicePort;
import io.tdxsim.vmm.TdVmCall;
import io.tdxsim.vmm.TdVmCallResult;
import io.tdxsim.vmm.UnassignedPolicy;
import io.tdxsim.vmm.VmmCore;
import io.tdxsim.vmm.VmmSettings;
import io.tdxsim.vmm.engine.CostModel;
import io.tdxsim.vmm.engine.VirtualTimeServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One MMIO exit without actors, every stage the simulator runs, through the same classes the
 * actors call: the interpreter steps to the #VE, the linux handler decodes the instruction and
 * builds the TDVMCALL, the VMM core applies the release rule, KVM's checks and the address map,
 * the device port serves it on its virtual-time server, the core maps the device's verdict to a
 * GHCI status, and the handler writes back. Exits per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class ExitPathBenchmark {

    private static final long DEVICE_GPA = 0xfe00_0000L;
    private static final String PROGRAM = """
                mov rdi, scratch0
                mov ecx, 1000
            again:
                mov dword [rdi + 0x10], ecx
                mov eax, dword [rdi + 0x10]
                mov rdx, qword [rdi + 8]
                inc rdx
                mov qword [rdi + 8], rdx
                movzx eax, word [rdi + 0x10]
                dec ecx
                jmp again
            """;

    private final RegisterFile regs = new RegisterFile();
    private final VeDecision decision = new VeDecision();
    /** The vCPU's call, refilled per exit as a run's vCPU does. */
    private final TdVmCall call = new TdVmCall();
    private final long[] out = new long[1];
    private final AccessContext ctx = new AccessContext() {
        @Override
        public long nowNs() {
            return 0;
        }

        @Override
        public int vcpu() {
            return 0;
        }

        @Override
        public DeviceLog log() {
            return DeviceLog.DISCARD;
        }
    };
    private Interpreter cpu;
    private VeHandler handler;
    private static final long SERVICE_NS = 500;
    private final CostModel costs = new CostModel(1, 2000, 4000, 300, false);
    private final VirtualTimeServer deviceServer = new VirtualTimeServer();
    private final Bus bus = new Bus();
    private VmmCore<DevicePort> vmm;
    private long seq;
    private long vt;

    /** Carries the core's decisions at once: the device serves in place, the answer is kept in the vCPU's carrier. */
    private final class Bus implements VmmCore.Outbox<DevicePort> {
        final TdVmCallResult result = new TdVmCallResult();

        @Override
        public void toDevice(DevicePort port, TdVmCall call, long offset, long vmmStartVt, long arriveVt) {
            long start = deviceServer.serve(arriveVt, SERVICE_NS);
            DevicePort.Status status = port.access(offset, (int) call.r12(), call.isWrite(), call.r15(), ctx, out);
            vmm.served(call, vmmStartVt, arriveVt, 0, status, out[0], start, start + SERVICE_NS, this);
        }

        @Override
        public void toVcpu(TdVmCall call, TdVmCallResult answer) {
            result.copyOf(answer);
        }
    }

    @Setup
    public void setup() throws Exception {
        AddressSpace space = new AddressSpace(48, 64L << 20);
        byte[] code = Assembler.assemble(PROGRAM, Map.of("scratch0", space.linearOf(DEVICE_GPA, false)),
                space.textBase(false)).code();
        cpu = new Interpreter(space, code, false, false, regs);
        handler = HandlerProfile.LINUX.handler(space.sharedBit());
        DevicePort port = new DevicePort(DeviceCatalog.builtIn("scratch").create(DeviceParams.empty()));
        AddressMap<DevicePort> map = AddressMap.<DevicePort>builder().add("scratch0", DEVICE_GPA, 4096, port).build();
        // window 0: the deterministic release rule runs on every call, as it does in a run
        vmm = new VmmCore<>(new VmmSettings(48, UnassignedPolicy.ERROR, 0, 1, 1, costs, 0, 0, 0, 0), map);
    }

    /** Runs guest code up to the next MMIO access and completes that exit; returns the new RIP. */
    @Benchmark
    public long exit() {
        Interpreter.Stop stop = cpu.step();
        while (stop == Interpreter.Stop.RETIRED) {
            stop = cpu.step();
        }
        if (stop != Interpreter.Stop.VE) {
            throw new IllegalStateException("expected a #VE, got " + stop + ": " + cpu.faultDetail());
        }
        VeDecision d = handler.onVe(cpu.veInfo(decision.ve), cpu, decision);
        long callVt = costs.arrival(vt + costs.veNs());
        vmm.call(call.asMmio(0, ++seq, vt, callVt, d.size, d.write, d.gpa, d.data, null), bus);
        TdVmCallResult answer = bus.result;
        vt = costs.resume(callVt, answer.vt());
        handler.complete(d, answer.r10(), answer.r11(), regs);
        cpu.abandonInstruction();
        return regs.rip;
    }

    RegisterFile registers() {
        return regs;
    }

    long calls() {
        return seq;
    }
}
