package io.tdxsim.vcpu.asm;

/** Operand checks shared by the encoders, with the error messages users see. */
final class Operands {
    private Operands() {
    }

    static void arity(Statement st, int n) {
        if (st.arity() != n) {
            throw new AsmError("'" + st.mnemonic() + "' takes " + (n == 0 ? "no" : String.valueOf(n))
                    + " operand" + (n == 1 ? "" : "s") + ", not " + st.arity());
        }
    }

    static AsmError badCombination(Statement st) {
        StringBuilder kinds = new StringBuilder();
        for (Operand op : st.operands()) {
            if (!kinds.isEmpty()) {
                kinds.append(", ");
            }
            kinds.append(describe(op));
        }
        return new AsmError("bad operand combination for '" + st.mnemonic() + "': " + kinds);
    }

    private static String describe(Operand op) {
        if (op instanceof Operand.Reg r) {
            return r.name();
        }
        if (op instanceof Operand.Mem m) {
            return m.size() == 0 ? "memory" : bits(m.size()) + " memory";
        }
        return "immediate";
    }

    static String bits(int size) {
        return size * 8 + "-bit";
    }

    /** The size both operands agree on, or 0 if neither fixes it. */
    static int commonSize(Statement st, Operand a, Operand b) {
        int sa = a.size();
        int sb = b.size();
        if (sa != 0 && sb != 0 && sa != sb) {
            throw new AsmError("operand size mismatch for '" + st.mnemonic() + "': "
                    + bits(sa) + " and " + bits(sb));
        }
        return sa != 0 ? sa : sb;
    }

    /** A memory operand whose size nothing else fixes must name it. */
    static int requireSize(Statement st, int size) {
        if (size == 0) {
            throw new AsmError("missing operand size for '" + st.mnemonic()
                    + "': write byte, word, dword or qword ptr [...]");
        }
        return size;
    }

    static boolean isReg(Operand op) {
        return op instanceof Operand.Reg;
    }

    static boolean isMem(Operand op) {
        return op instanceof Operand.Mem;
    }

    static boolean isImm(Operand op) {
        return op instanceof Operand.Imm;
    }

    static boolean isRm(Operand op) {
        return isReg(op) || isMem(op);
    }
}
