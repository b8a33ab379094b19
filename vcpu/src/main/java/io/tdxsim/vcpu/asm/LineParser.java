package io.tdxsim.vcpu.asm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses one source line: {@code [label:]... [rep|lock] mnemonic [operand {, operand}]}. */
final class LineParser {
    private LineParser() {
    }

    static Statement parse(String text, int line) {
        List<Token> toks = Lexer.tokenize(text);
        List<String> labels = new ArrayList<>();
        int i = 0;
        while (i + 1 < toks.size() && toks.get(i).is(Token.Kind.IDENT) && toks.get(i + 1).is(Token.Kind.COLON)) {
            labels.add(toks.get(i).text());
            i += 2;
        }
        if (i == toks.size()) {
            return new Statement(line, List.copyOf(labels), null, null, List.of());
        }
        if (!toks.get(i).is(Token.Kind.IDENT)) {
            throw new AsmError("expected a mnemonic or label, found '" + toks.get(i) + "'");
        }
        String mnemonic = toks.get(i++).text().toLowerCase(Locale.ROOT);
        String prefix = null;
        if (mnemonic.equals("rep") || mnemonic.equals("lock")) {
            if (i == toks.size() || !toks.get(i).is(Token.Kind.IDENT)) {
                throw new AsmError("'" + mnemonic + "' must be followed by an instruction on the same line");
            }
            prefix = mnemonic;
            mnemonic = toks.get(i++).text().toLowerCase(Locale.ROOT);
        }
        return new Statement(line, List.copyOf(labels), prefix, mnemonic, operands(toks.subList(i, toks.size())));
    }

    /** Splits at commas outside brackets. */
    private static List<Operand> operands(List<Token> toks) {
        List<Operand> out = new ArrayList<>();
        if (toks.isEmpty()) {
            return out;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < toks.size(); i++) {
            Token t = toks.get(i);
            if (t.is(Token.Kind.LBRACKET)) {
                depth++;
            } else if (t.is(Token.Kind.RBRACKET)) {
                depth--;
                if (depth < 0) {
                    throw new AsmError("unbalanced ']'");
                }
            } else if (t.is(Token.Kind.COLON)) {
                throw new AsmError("unexpected ':' (segment overrides are not supported)");
            } else if (t.is(Token.Kind.COMMA) && depth == 0) {
                out.add(OperandParser.parse(toks.subList(start, i)));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new AsmError("missing ']'");
        }
        out.add(OperandParser.parse(toks.subList(start, toks.size())));
        return out;
    }
}
