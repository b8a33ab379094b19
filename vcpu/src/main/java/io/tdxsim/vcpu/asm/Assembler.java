package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.Gpr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles guest programs written in Intel syntax (GNU as {@code .intel_syntax noprefix} flavour)
 * into x86-64 machine code, choosing the same encodings GNU as does for the supported subset.
 */
public final class Assembler {
    private Assembler() {
    }

    /**
     * @param source  the program, one instruction per line
     * @param symbols constant names usable as immediates/displacements (device names to guest
     *                virtual addresses), case-sensitive; may be null
     * @param origin  guest virtual address of the first byte
     */
    /** The dialect's mnemonics, sorted; " (rep)" marks those a rep prefix may precede. */
    public static java.util.List<String> mnemonics() {
        return InstructionSet.mnemonics();
    }

    /** The mnemonics `lock` may prefix (with a memory destination). */
    public static java.util.List<String> lockable() {
        return InstructionSet.lockable();
    }

    public static Program assemble(String source, Map<String, Long> symbols, long origin) throws AsmException {
        Map<String, Long> constants = symbols == null ? Map.of() : Map.copyOf(symbols);
        String[] lines = source.split("\r\n|\r|\n", -1);
        List<Statement> statements = new ArrayList<>();
        Map<String, Integer> labelStatement = new LinkedHashMap<>();
        Map<String, Integer> labelLine = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            Statement st;
            try {
                st = LineParser.parse(lines[i], line);
            } catch (AsmError e) {
                throw new AsmException(line, e.getMessage());
            }
            for (String label : st.labels()) {
                checkLabel(label, line, labelLine, constants);
                labelStatement.put(label, statements.size());
                labelLine.put(label, line);
            }
            if (st.hasInstruction()) {
                statements.add(st);
            }
        }
        SymbolTable table = new SymbolTable(constants, labelStatement, origin);
        return new Layout(statements, table, origin).assemble(labelStatement);
    }

    /** A word the assembler gives its own meaning (a register, rip, byte..qword, ptr): no name may take it. */
    public static boolean isReserved(String name) {
        return Gpr.parse(name) != null || OperandParser.isRip(name) || OperandParser.sizeKeyword(name) != 0
                || name.equalsIgnoreCase("ptr");
    }

    private static void checkLabel(String label, int line, Map<String, Integer> labelLine,
                                   Map<String, Long> constants) throws AsmException {
        if (labelLine.containsKey(label)) {
            throw new AsmException(line, "duplicate label '" + label + "' (first defined on line "
                    + labelLine.get(label) + ")");
        }
        if (isReserved(label)) {
            throw new AsmException(line, "'" + label + "' is a reserved word and cannot be a label");
        }
        if (constants.containsKey(label)) {
            throw new AsmException(line, "label '" + label + "' has the same name as a symbol");
        }
    }
}
