package io.tdxsim.vcpu;

import io.tdxsim.vcpu.decode.Insn;
import io.tdxsim.vmm.Ghci;

/**
 * IN, OUT, INS and OUTS (the {@link io.tdxsim.vcpu.decode.Op#PORT_IO} rows of the instruction table). The port comes from an imm8 or from DX; the
 * operand is AL, AX or EAX (REX.W does not widen it). User-mode code has no I/O permission
 * (IOPL 0, no I/O bitmap), so the CPU raises #GP before any VM exit could happen. String forms
 * move one element per step and, with REP, stay at RIP until RCX reaches zero (as MOVS does,
 * forwards only: the interpreter has no DF).
 */
final class PortIo {

    private PortIo() {
    }

    /** Executes one port instruction (one element of a string one); returns the next RIP. */
    static long execute(Insn insn, RegisterFile regs, GuestMemory mem, long next) {
        int op = insn.opcode;
        int size = (op & 1) == 0 ? 1 : insn.opndBytes == 2 ? 2 : 4;
        if (mem.userMode()) {
            mem.fail(Fault.SIGSEGV, String.format("#GP at 0x%x: port I/O from user mode without I/O permission",
                    regs.rip));
        }
        boolean string = isString(op);
        boolean in = string ? op <= 0x6D : (op & 2) == 0;
        int port = isImmediate(op) ? (int) (insn.imm & 0xFF) : (int) (regs.get(Gpr.RDX) & 0xFFFF);
        boolean rep = isRep(insn);
        if (!string) {
            if (in) {
                regs.write(0, size, false, mem.port(port, size, false, 0));
            } else {
                mem.port(port, size, true, regs.read(0, size, false));
            }
            return next;
        }
        long count = regs.get(Gpr.RCX);
        if (rep && count == 0) {
            return next;
        }
        if (!mem.emulating()) {
            mem.port(port, size, !in, 0);                   // the #VE comes before any memory access
        }
        if (in) {
            long value = mem.port(port, size, false, 0);
            mem.store(regs.get(Gpr.RDI), size, value);
            regs.set(Gpr.RDI, regs.get(Gpr.RDI) + size);
        } else {
            long value = mem.load(regs.get(Gpr.RSI), size);
            mem.port(port, size, true, value);
            regs.set(Gpr.RSI, regs.get(Gpr.RSI) + size);
        }
        if (rep) {
            regs.set(Gpr.RCX, count - 1);
            return count - 1 == 0 ? next : regs.rip;
        }
        return next;
    }

    /** The exit qualification of {@code insn}'s access to {@code port}: what the #VE reports for it. */
    static long qualification(Insn insn, int port, int size, boolean write) {
        return Ghci.ioQualification(size, !write, isString(insn.opcode), isRep(insn), isImmediate(insn.opcode), port);
    }

    private static boolean isString(int op) {
        return op <= 0x6F;
    }

    private static boolean isImmediate(int op) {
        return op <= 0xE7 && !isString(op);
    }

    private static boolean isRep(Insn insn) {
        return isString(insn.opcode) && (insn.has(Insn.P_REP) || insn.has(Insn.P_REPNE));
    }
}
