package io.tdxsim.sim.run;

import io.tdxsim.sim.scenario.Scenario;
import java.util.SplittableRandom;

/**
 * Turns a workload description into a guest program: a seeded pattern of MMIO reads and writes
 * over the target devices, repeated in a loop until the requested number of exits is reached.
 * Looping a bounded pattern keeps the code small however many exits are asked for.
 */
final class WorkloadGenerator {

    static final int MAX_PATTERN = 64;
    /** Device bases live in registers: the kernel's ioremap addresses do not fit a disp32. */
    static final String[] BASE_REGISTERS = {"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"};
    public static final int MAX_TARGETS = BASE_REGISTERS.length;

    private WorkloadGenerator() {
    }

    static String generate(Scenario.Workload w, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int pattern = (int) Math.min(MAX_PATTERN, w.exits());
        long loops = w.exits() / pattern;
        int tail = (int) (w.exits() % pattern);
        StringBuilder asm = new StringBuilder();
        asm.append("    mov rax, 0x1122334455667788\n");
        for (int t = 0; t < w.targets().size(); t++) {
            asm.append("    mov ").append(BASE_REGISTERS[t]).append(", ").append(w.targets().get(t)).append('\n');
        }
        if (loops > 0) {
            asm.append("    mov rbx, ").append(loops).append('\n');
            asm.append("again:\n");
            body(asm, w, random.split(), pattern);
            asm.append("    dec rbx\n    jnz again\n");
        }
        body(asm, w, random.split(), tail);
        asm.append("    hlt\n");
        return asm.toString();
    }

    private static void body(StringBuilder asm, Scenario.Workload w, SplittableRandom random, int accesses) {
        for (int i = 0; i < accesses; i++) {
            String base = BASE_REGISTERS[random.nextInt(w.targets().size())];
            long offset = w.offsets().get(random.nextInt(w.offsets().size()));
            int size = w.sizes().get(random.nextInt(w.sizes().size()));
            String reg = switch (size) {
                case 1 -> "al";
                case 2 -> "ax";
                case 4 -> "eax";
                default -> "rax";
            };
            String mem = "[" + base + (offset != 0 ? " + " + offset : "") + "]";
            if (random.nextDouble() < w.readFraction()) {
                asm.append("    mov ").append(reg).append(", ").append(mem).append('\n');
            } else {
                asm.append("    mov ").append(mem).append(", ").append(reg).append('\n');
            }
            for (int t = 0; t < w.think(); t++) {
                asm.append("    nop\n");
            }
        }
    }
}
