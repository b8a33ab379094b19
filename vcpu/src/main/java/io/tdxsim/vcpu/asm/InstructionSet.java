package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.decode.InstructionTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The mnemonic table: every supported mnemonic (lower case) and the encoder for it. */
final class InstructionSet {
    private static final Map<String, InstructionEncoder> TABLE;

    /** Mnemonics of the dialect the CPU accepts LOCK on (with a memory destination), from the instruction table. */
    private static final java.util.Set<String> LOCKABLE;

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
        UnaryInstructions.register(t);
        StackInstructions.register(t);
        ConditionalInstructions.register(t);
        TABLE = Map.copyOf(t);
        java.util.Set<String> lockable = new java.util.TreeSet<>();
        for (InstructionTable.Row r : InstructionTable.rows()) {
            if (r.has(InstructionTable.LOCKABLE) && TABLE.containsKey(r.mnemonic())) {
                lockable.add(r.mnemonic());
            }
        }
        LOCKABLE = java.util.Collections.unmodifiableSet(lockable);
    }

    private InstructionSet() {
    }

    /** Every mnemonic of the dialect, sorted, with " (rep)" where a rep prefix is accepted. */
    static java.util.List<String> mnemonics() {
        return TABLE.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + (e.getValue().allowsRep() ? " (rep)" : "")).toList();
    }

    /** The mnemonics the dialect accepts LOCK on, sorted. */
    static java.util.List<String> lockable() {
        return List.copyOf(LOCKABLE);
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
                        + " instruction with a memory destination (" + String.join(", ", LOCKABLE)
                        + ")");
            }
        } else if (st.prefix() != null && !e.allowsRep()) {
            throw new AsmError("'" + st.prefix() + "' cannot prefix '" + st.mnemonic() + "'");
        }
        return e;
    }
}
