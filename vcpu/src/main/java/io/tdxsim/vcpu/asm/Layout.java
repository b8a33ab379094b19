package io.tdxsim.vcpu.asm;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Places statements at addresses and emits the code. Only jumps change size with layout: like GNU
 * as, every jump starts short and is made long when its target is out of rel8 reach, until nothing
 * changes (growing only, so this settles on the smallest consistent layout).
 */
final class Layout {
    private final List<Statement> statements;
    private final SymbolTable symbols;
    private final long origin;
    private final InstructionEncoder[] encoders;
    private final int[] sizes;
    private final boolean[] longJump;
    private boolean labelsFitInt32;

    Layout(List<Statement> statements, SymbolTable symbols, long origin) {
        this.statements = statements;
        this.symbols = symbols;
        this.origin = origin;
        this.encoders = new InstructionEncoder[statements.size()];
        this.sizes = new int[statements.size()];
        this.longJump = new boolean[statements.size()];
    }

    Program assemble(Map<String, Integer> labelStatement) throws AsmException {
        long bound = 0;
        for (int i = 0; i < statements.size(); i++) {
            Statement st = statements.get(i);
            encoders[i] = guarded(st, () -> InstructionSet.encoderFor(st));
            bound += encoders[i].maxLength(st);
        }
        labelsFitInt32 = Immediates.fitsInt32(origin) && Immediates.fitsInt32(origin + bound);
        for (int i = 0; i < statements.size(); i++) {
            sizes[i] = encode(i, origin, false).length;
        }
        relax();
        long[] offsets = offsets();
        symbols.layout(offsets);
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        int[] lines = new int[(int) offsets[statements.size()]];
        for (int i = 0; i < statements.size(); i++) {
            byte[] bytes = encode(i, origin + offsets[i], true);
            if (bytes.length != sizes[i]) {
                throw new IllegalStateException("size of line " + statements.get(i).line() + " changed from "
                        + sizes[i] + " to " + bytes.length + " after layout");
            }
            Arrays.fill(lines, (int) offsets[i], (int) offsets[i] + bytes.length, statements.get(i).line());
            code.writeBytes(bytes);
        }
        Map<String, Long> labels = new LinkedHashMap<>();
        labelStatement.forEach((name, index) -> labels.put(name, origin + offsets[index]));
        return new Program(code.toByteArray(), origin, Collections.unmodifiableMap(labels), lines);
    }

    private void relax() throws AsmException {
        boolean changed = true;
        while (changed) {
            changed = false;
            long[] offsets = offsets();
            symbols.layout(offsets);
            for (int i = 0; i < statements.size(); i++) {
                if (!encoders[i].isJump() || longJump[i]) {
                    continue;
                }
                Statement st = statements.get(i);
                EncodeContext ctx = new EncodeContext(symbols, origin + offsets[i], false, false, labelsFitInt32,
                        "lock".equals(statements.get(i).prefix()));
                if (!guarded(st, () -> JumpInstructions.fitsShort(st, ctx))) {
                    longJump[i] = true;
                    sizes[i] = encode(i, origin + offsets[i], false).length;
                    changed = true;
                }
            }
        }
    }

    /** offsets[i] is where statement i starts; offsets[n] is the end of the code. */
    private long[] offsets() {
        long[] offsets = new long[statements.size() + 1];
        for (int i = 0; i < statements.size(); i++) {
            offsets[i + 1] = offsets[i] + sizes[i];
        }
        return offsets;
    }

    private byte[] encode(int i, long address, boolean strict) throws AsmException {
        Statement st = statements.get(i);
        EncodeContext ctx = new EncodeContext(symbols, address, strict, longJump[i], labelsFitInt32,
                "lock".equals(st.prefix()));
        return guarded(st, () -> encoders[i].encode(st, ctx));
    }

    private interface Step<T> {
        T run();
    }

    private static <T> T guarded(Statement st, Step<T> step) throws AsmException {
        try {
            return step.run();
        } catch (AsmError e) {
            throw new AsmException(st.line(), e.getMessage());
        }
    }
}
