package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.Gpr;

/** A parsed instruction operand. */
sealed interface Operand {

    /** Width in bytes, or 0 when the operand does not fix one (immediates, unsized memory). */
    int size();

    /** A general-purpose register, as named in the source. */
    record Reg(Gpr.Named named) implements Operand {
        @Override
        public int size() {
            return named.size();
        }

        Gpr gpr() {
            return named.gpr();
        }

        /** The 4-bit register number as encoded; AH..BH are 4..7 without REX. */
        int code() {
            return named.highByte() ? named.gpr().number() + 4 : named.gpr().number();
        }

        /** SPL, BPL, SIL, DIL are only reachable with a REX prefix. */
        boolean needsRex() {
            return named.size() == 1 && !named.highByte() && code() >= 4 && code() < 8;
        }

        boolean highByte() {
            return named.highByte();
        }

        /** AL, AX, EAX or RAX: the operand of the short accumulator forms. */
        boolean isAccumulator() {
            return named.gpr() == Gpr.RAX && !named.highByte();
        }

        String name() {
            return named.highByte()
                    ? Gpr.byteRegisterName(named.gpr().number() + 4, false)
                    : named.gpr().name(named.size());
        }
    }

    /**
     * A memory reference {@code [base + index*scale + disp]}; {@code rip} marks an explicit
     * {@code [rip + ...]}. base and index are null when absent; size is 0 when not given.
     */
    record Mem(int size, Gpr base, Gpr index, int scale, Expr disp, boolean rip) implements Operand {
    }

    /** An immediate expression. */
    record Imm(Expr expr) implements Operand {
        @Override
        public int size() {
            return 0;
        }
    }
}
