package io.tdxsim.sim.bench;

import io.tdxsim.vcpu.decode.Insn;
import io.tdxsim.vcpu.decode.X86Decoder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Decodes per second on one core over {@link InstructionMix}: decodes divided by the thread's
 * CPU time, so other load on the machine does not count against the decoder. A quick in-process
 * figure; the JMH benchmark in the bench module is the careful one.
 */
final class DecoderRate {

    private DecoderRate() {
    }

    static Series measure(int rounds, double roundSeconds) {
        int[] offsets = new int[InstructionMix.size()];
        byte[] code = InstructionMix.stream(offsets);
        Insn insn = new Insn();
        Series series = new Series("decoder");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        sink += run(code, offsets, insn, (long) (roundSeconds * 1e9));      // warm-up
        for (int r = 0; r < rounds; r++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long decodes = 0;
            long deadline = System.nanoTime() + (long) (roundSeconds * 1e9);
            while (System.nanoTime() < deadline) {
                for (int rep = 0; rep < 1000; rep++) {
                    sink += pass(code, offsets, insn);
                }
                decodes += 1000L * offsets.length;
            }
            series.add(decodes, threads.getCurrentThreadCpuTime() - cpu0, null);
        }
        if (sink == 42) {
            System.out.print("");              // keeps the decoded lengths alive
        }
        return series;
    }

    private static long run(byte[] code, int[] offsets, Insn insn, long nanos) {
        long sink = 0;
        long deadline = System.nanoTime() + nanos;
        while (System.nanoTime() < deadline) {
            sink += pass(code, offsets, insn);
        }
        return sink;
    }

    /** One pass over the mix, a method of its own so it compiles as JMH's benchmark body does. */
    private static int pass(byte[] code, int[] offsets, Insn insn) {
        int lengths = 0;
        for (int off : offsets) {
            X86Decoder.decode(code, off, code.length - off, insn);
            lengths += insn.length;
        }
        return lengths;
    }
}
