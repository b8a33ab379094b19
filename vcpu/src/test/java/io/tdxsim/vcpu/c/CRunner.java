package io.tdxsim.vcpu.c;

import io.tdxsim.vcpu.AddressSpace;
import io.tdxsim.vcpu.Interpreter;
import io.tdxsim.vcpu.RegisterFile;
import io.tdxsim.vcpu.TdMemory;
import java.util.Map;

/** Runs a built C program on one vCPU without actors or devices, to its HLT or fault. */
final class CRunner {

    static final AddressSpace SPACE = new AddressSpace(48, 64L << 20);

    final TdMemory memory = new TdMemory();
    final RegisterFile regs = new RegisterFile();
    Interpreter.Stop stop;
    String detail;
    long steps;

    static CRunner run(String source, String cflags, long maxSteps) throws GccBuild.BuildError {
        return run(GccBuild.build("prog", source, cflags, Map.of()), maxSteps);
    }

    static CRunner run(ElfImage image, long maxSteps) {
        CRunner r = new CRunner();
        for (ElfImage.Segment s : image.data()) {
            r.memory.write(s.gpa(), s.bytes());
        }
        Interpreter cpu = new Interpreter(SPACE, r.memory, 0, false, image.text(), false, false, r.regs);
        r.regs.gpr[4] = SPACE.linearOf(AddressSpace.stackTop(0), false);
        while (r.steps < maxSteps) {
            r.steps++;
            Interpreter.Stop s = cpu.step();
            if (s != Interpreter.Stop.RETIRED) {
                r.stop = s;
                r.detail = s == Interpreter.Stop.FAULT ? cpu.fault() + ": " + cpu.faultDetail() : null;
                return r;
            }
        }
        r.detail = "step limit";
        return r;
    }

    /** A 64-bit word of the program's writable image, {@code offset} bytes into .data. */
    long data(long offset) {
        return memory.read(AddressSpace.IMAGE_REGION + offset, 8);
    }
}
