package io.tdxsim.jmh;

import io.tdxsim.sim.bench.InstructionMix;
import io.tdxsim.vcpu.decode.Insn;
import io.tdxsim.vcpu.decode.X86Decoder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Decodes per second on one thread over a mix of MMIO accessors and ordinary integer code. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class DecoderBenchmark {

    private byte[] code;
    private int[] offsets;
    private final Insn insn = new Insn();

    @Setup
    public void setup() {
        offsets = new int[InstructionMix.SIZE];
        code = InstructionMix.stream(offsets);
    }

    /** One pass over the mix; the score is in decodes per second. */
    @Benchmark
    @OperationsPerInvocation(InstructionMix.SIZE)
    public int decodeMix() {
        int lengths = 0;
        for (int off : offsets) {
            X86Decoder.decode(code, off, code.length - off, insn);
            lengths += insn.length;
        }
        return lengths;
    }

    /** Bytes in the mix, which one pass must decode exactly. */
    int streamLength() {
        return code.length;
    }
}
