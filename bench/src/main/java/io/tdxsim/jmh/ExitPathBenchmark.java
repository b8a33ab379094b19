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
import io.tdxsim.vmm.MmioCallCheck;
import io.tdxsim.vmm.TdVmCall;
import io.tdxsim.vmm.TdvmcallStatus;
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
 * One MMIO exit without actors, every stage the simulator runs: the interpreter steps to the
 * #VE, the linux handler decodes the instruction and builds the TDVMCALL, the VMM's checks and
 * address map route it, the device port serves it, and the handler writes back. Exits per second.
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
    private AddressMap<DevicePort> map;
    private long sharedBit;
    private long seq;

    @Setup
    public void setup() throws Exception {
        AddressSpace space = new AddressSpace(48, 64L << 20);
        sharedBit = space.sharedBit();
        byte[] code = Assembler.assemble(PROGRAM, Map.of("scratch0", space.linearOf(DEVICE_GPA, false)),
                space.textBase(false)).code();
        cpu = new Interpreter(space, code, false, false, regs);
        handler = HandlerProfile.LINUX.handler(sharedBit);
        DevicePort port = new DevicePort(DeviceCatalog.builtIn("scratch").create(DeviceParams.empty()));
        map = AddressMap.<DevicePort>builder().add("scratch0", DEVICE_GPA, 4096, port).build();
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
        VeDecision d = handler.onVe(cpu.veInfo(), cpu, decision);
        TdVmCall call = TdVmCall.mmio(0, ++seq, 0, 0, d.size, d.write, d.gpa, d.data, null);
        TdvmcallStatus refusal = MmioCallCheck.validate(call, sharedBit);
        long status = 0;
        long value = 0;
        if (refusal != null) {
            status = refusal.code();
        } else {
            long gpa = call.r14() & ~sharedBit;
            AddressMap.Range<DevicePort> range = map.range(map.indexOf(gpa));
            DevicePort.Status served = range.target().access(gpa - range.base(), (int) call.r12(), call.isWrite(),
                    call.r15(), ctx, out);
            status = served == DevicePort.Status.OK ? 0 : TdvmcallStatus.INVALID_OPERAND.code();
            value = call.isWrite() ? 0 : out[0];
        }
        handler.complete(d, status, value, regs);
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
