package io.tdxsim.vcpu.asm;

import java.util.Map;

/**
 * Resolves names in expressions: caller-supplied constants (device addresses) and labels. Labels
 * are kept as statement indexes so their addresses follow the layout as jumps grow.
 */
final class SymbolTable {
    private final Map<String, Long> symbols;
    private final Map<String, Integer> labelStatement;
    private final long origin;
    private long[] offsets;

    SymbolTable(Map<String, Long> symbols, Map<String, Integer> labelStatement, long origin) {
        this.symbols = symbols;
        this.labelStatement = labelStatement;
        this.origin = origin;
    }

    /** Offsets of each statement (and, last, of the end); until set, every label reads as origin. */
    void layout(long[] statementOffsets) {
        this.offsets = statementOffsets;
    }

    long labelAddress(String name) {
        return origin + (offsets == null ? 0 : offsets[labelStatement.get(name)]);
    }

    Value eval(Expr e) {
        long sum = 0;
        boolean usesLabels = false;
        int labelWeight = 0;
        for (Expr.Term t : e.terms()) {
            long v;
            if (t.name() == null) {
                v = t.number();
            } else if (labelStatement.containsKey(t.name())) {
                v = labelAddress(t.name());
                usesLabels = true;
                labelWeight += t.negative() ? -1 : 1;
            } else if (symbols.containsKey(t.name())) {
                v = symbols.get(t.name());
            } else {
                throw new AsmError("unknown label or symbol '" + t.name() + "'");
            }
            sum += t.negative() ? -v : v;
        }
        return new Value(sum, usesLabels, labelWeight == 1);
    }
}
