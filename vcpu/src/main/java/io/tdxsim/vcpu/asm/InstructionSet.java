package io.tdxsim.vcpu.asm;

import java.util.HashMap;
import java.util.Map;

/** The mnemonic table: every supported mnemonic (lower case) and the encoder for it. */
final class InstructionSet {
    private static final Map<String, InstructionEncoder> TABLE;

    static {
        Map<String, InstructionEncoder> t = new HashMap<>();
        MovInstructions.register(t);
        ExtendInstructions.register(t);
        AluInstructions.register(t);
        ShiftInstructions.register(t);
        SimpleInstructions.register(t);
        AtomicInstructions.register(t);
        JumpInstructions.register(t);
        ByteDirective.register(t);
        PortInstructions.register(t);
        TABLE = Map.copyOf(t);
    }

    /** Mnemonics of the dialect the CPU accepts LOCK on (with a memory destination). */
    private static final java.util.Set<String> LOCKABLE = java.util.Set.of("add", "or", "and", "sub", "xor", "inc",
            "dec", "xchg", "xadd", "cmpxchg");

    private InstructionSet() {
    }

    /** Every mnemonic of the dialect, sorted, with " (rep)" where a rep prefix is accepted. */
    static java.util.List<String> mnemonics() {
        return TABLE.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + (e.getValue().allowsRep() ? " (rep)" : "")).toList();
    }

    /** The mnemonics the dialect accepts LOCK on, sorted. */
    static java.util.List<String> lockable() {
        return LOCKABLE.stream().sorted().toList();
    }

    /** The encoder for a statement's mnemonic, after checking that its prefix fits. */
    static InstructionEncoder encoderFor(Statement st) {
        InstructionEncoder e = TABLE.get(st.mnemonic());
        if (e == null) {
            throw new AsmError("unknown mnemonic '" + st.mnemonic() + "'");
        }
        if ("lock".equals(st.prefix())) {
            if (!LOCKABLE.contains(st.mnemonic()) || st.arity() == 0 || !Operands.isMem(st.operand(0))) {
                throw new AsmError("'lock' cannot prefix '" + st.mnemonic() + "' here: it needs a read-modify-write"
                        + " instruction with a memory destination (" + String.join(", ", new java.util.TreeSet<>(LOCKABLE))
                        + ")");
            }
        } else if (st.prefix() != null && !e.allowsRep()) {
            throw new AsmError("'" + st.prefix() + "' cannot prefix '" + st.mnemonic() + "'");
        }
        return e;
    }
}
