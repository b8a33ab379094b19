package io.tdxsim.vcpu.asm;

import java.util.ArrayList;
import java.util.List;

/** Splits one source line into tokens; everything after ';' or '#' is a comment. */
final class Lexer {
    private Lexer() {
    }

    static List<Token> tokenize(String line) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ';' || c == '#') {
                break;
            }
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            Token.Kind punct = switch (c) {
                case ',' -> Token.Kind.COMMA;
                case '[' -> Token.Kind.LBRACKET;
                case ']' -> Token.Kind.RBRACKET;
                case '+' -> Token.Kind.PLUS;
                case '-' -> Token.Kind.MINUS;
                case '*' -> Token.Kind.STAR;
                case ':' -> Token.Kind.COLON;
                default -> null;
            };
            if (punct != null) {
                out.add(new Token(punct, String.valueOf(c), 0));
                i++;
            } else if (isWordChar(c)) {
                int start = i;
                while (i < n && isWordChar(line.charAt(i))) {
                    i++;
                }
                String word = line.substring(start, i);
                out.add(Character.isDigit(c)
                        ? new Token(Token.Kind.NUMBER, word, parseNumber(word))
                        : new Token(Token.Kind.IDENT, word, 0));
            } else {
                throw new AsmError("unexpected character '" + c + "'");
            }
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '$' || c == '@';
    }

    /** Decimal, 0x hex or 0b binary, up to 64 bits (so 0xffffffffffffffff is -1). */
    static long parseNumber(String word) {
        String w = word.toLowerCase(java.util.Locale.ROOT);
        int radix = 10;
        String digits = w;
        if (w.startsWith("0x")) {
            radix = 16;
            digits = w.substring(2);
        } else if (w.startsWith("0b")) {
            radix = 2;
            digits = w.substring(2);
        }
        if (digits.isEmpty()) {
            throw new AsmError("bad number '" + word + "'");
        }
        for (int k = 0; k < digits.length(); k++) {
            if (Character.digit(digits.charAt(k), radix) < 0) {
                throw new AsmError("bad number '" + word + "'");
            }
        }
        try {
            return Long.parseUnsignedLong(digits, radix);
        } catch (NumberFormatException e) {
            throw new AsmError("number '" + word + "' does not fit 64 bits");
        }
    }
}
