package io.tdxsim.vcpu.asm;

import io.tdxsim.vcpu.Gpr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns the tokens of one operand into a register, memory reference or immediate. */
final class OperandParser {
    private OperandParser() {
    }

    static Operand parse(List<Token> toks) {
        if (toks.isEmpty()) {
            throw new AsmError("missing operand");
        }
        int i = 0;
        int size = 0;
        if (toks.get(0).is(Token.Kind.IDENT)) {
            size = sizeKeyword(toks.get(0).text());
            if (size != 0) {
                i = 1;
                if (i < toks.size() && toks.get(i).is(Token.Kind.IDENT)
                        && toks.get(i).text().equalsIgnoreCase("ptr")) {
                    i++;
                }
                if (i >= toks.size() || !toks.get(i).is(Token.Kind.LBRACKET)) {
                    throw new AsmError("size keyword '" + toks.get(0).text() + "' must precede a memory operand [...]");
                }
            }
        }
        if (toks.get(i).is(Token.Kind.LBRACKET)) {
            if (!toks.get(toks.size() - 1).is(Token.Kind.RBRACKET)) {
                throw new AsmError("memory operand must end with ']'");
            }
            return parseMemory(toks.subList(i + 1, toks.size() - 1), size);
        }
        if (toks.size() == 1 && toks.get(0).is(Token.Kind.IDENT)) {
            Gpr.Named reg = Gpr.parse(toks.get(0).text());
            if (reg != null) {
                return new Operand.Reg(reg);
            }
            if (isRip(toks.get(0).text())) {
                throw new AsmError("rip can only be used inside [...]");
            }
        }
        return new Operand.Imm(parseExpr(toks));
    }

    /** byte/word/dword/qword to 1/2/4/8; 0 for anything else. */
    static int sizeKeyword(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "byte" -> 1;
            case "word" -> 2;
            case "dword" -> 4;
            case "qword" -> 8;
            default -> 0;
        };
    }

    static boolean isRip(String word) {
        return word.equalsIgnoreCase("rip");
    }

    /** {@code [+-] term ([+-] term)*} of numbers and names; registers are not allowed here. */
    static Expr parseExpr(List<Token> toks) {
        List<Expr.Term> terms = new ArrayList<>();
        int i = 0;
        while (i < toks.size()) {
            boolean negative = false;
            if (toks.get(i).is(Token.Kind.PLUS) || toks.get(i).is(Token.Kind.MINUS)) {
                negative = toks.get(i).is(Token.Kind.MINUS);
                i++;
            } else if (i > 0) {
                throw new AsmError("expected '+' or '-' before '" + toks.get(i) + "'");
            }
            if (i >= toks.size()) {
                throw new AsmError("expression ends with an operator");
            }
            terms.add(term(toks.get(i), negative));
            i++;
        }
        return new Expr(List.copyOf(terms));
    }

    private static Expr.Term term(Token t, boolean negative) {
        if (t.is(Token.Kind.NUMBER)) {
            return new Expr.Term(negative, t.number(), null);
        }
        if (t.is(Token.Kind.IDENT)) {
            if (Gpr.parse(t.text()) != null || isRip(t.text())) {
                throw new AsmError("register '" + t.text() + "' cannot be used in an immediate");
            }
            if (sizeKeyword(t.text()) != 0) {
                throw new AsmError("size keyword '" + t.text() + "' must precede a memory operand [...]");
            }
            return new Expr.Term(negative, 0, t.text());
        }
        throw new AsmError("unexpected '" + t + "'");
    }

    /** The inside of [...]: registers (optionally scaled) and displacement terms, joined by + or -. */
    private static Operand.Mem parseMemory(List<Token> toks, int size) {
        if (toks.isEmpty()) {
            throw new AsmError("empty memory operand []");
        }
        Gpr base = null;
        Gpr index = null;
        int scale = 1;
        boolean scaleGiven = false;
        boolean rip = false;
        List<Expr.Term> disp = new ArrayList<>();
        int i = 0;
        while (i < toks.size()) {
            boolean negative = false;
            if (toks.get(i).is(Token.Kind.PLUS) || toks.get(i).is(Token.Kind.MINUS)) {
                negative = toks.get(i).is(Token.Kind.MINUS);
                i++;
            } else if (i > 0) {
                throw new AsmError("expected '+' or '-' before '" + toks.get(i) + "'");
            }
            if (i >= toks.size()) {
                throw new AsmError("memory operand ends with an operator");
            }
            Token t = toks.get(i);
            Gpr reg = null;
            int termScale = 0;
            if (t.is(Token.Kind.IDENT) && isRip(t.text())) {
                if (negative || rip || base != null || index != null) {
                    throw new AsmError("rip must be the only register in a memory operand");
                }
                if (i + 1 < toks.size() && toks.get(i + 1).is(Token.Kind.STAR)) {
                    throw new AsmError("rip cannot be scaled");
                }
                rip = true;
                i++;
                continue;
            }
            if (t.is(Token.Kind.IDENT) && Gpr.parse(t.text()) != null) {
                reg = addressRegister(t.text());
                i++;
                if (i < toks.size() && toks.get(i).is(Token.Kind.STAR)) {
                    termScale = scaleAt(toks, i + 1);
                    i += 2;
                }
            } else if (t.is(Token.Kind.NUMBER) && i + 2 < toks.size() && toks.get(i + 1).is(Token.Kind.STAR)
                    && toks.get(i + 2).is(Token.Kind.IDENT) && Gpr.parse(toks.get(i + 2).text()) != null) {
                termScale = checkScale(t.number(), t.text());
                reg = addressRegister(toks.get(i + 2).text());
                i += 3;
            }
            if (reg == null) {
                disp.add(term(t, negative));
                i++;
                continue;
            }
            if (negative) {
                throw new AsmError("register '" + reg.name64() + "' cannot be subtracted");
            }
            if (rip) {
                throw new AsmError("rip must be the only register in a memory operand");
            }
            if (termScale == 0 && base == null) {
                base = reg;
            } else if (index == null) {
                index = reg;
                scale = termScale == 0 ? 1 : termScale;
                scaleGiven = termScale != 0;
            } else {
                throw new AsmError("too many registers in memory operand");
            }
        }
        if (index == Gpr.RSP) {
            // Like GNU as: [reg + rsp] means [rsp + reg], but rsp can never be a scaled index.
            if (scaleGiven || base == null || base == Gpr.RSP) {
                throw new AsmError("rsp cannot be an index register");
            }
            index = base;
            base = Gpr.RSP;
        }
        return new Operand.Mem(size, base, index, scale, new Expr(List.copyOf(disp)), rip);
    }

    private static Gpr addressRegister(String name) {
        Gpr.Named r = Gpr.parse(name);
        if (r.size() != 8) {
            throw new AsmError("address register must be 64-bit, not '" + name + "'");
        }
        return r.gpr();
    }

    private static int scaleAt(List<Token> toks, int i) {
        if (i >= toks.size() || !toks.get(i).is(Token.Kind.NUMBER)) {
            throw new AsmError("scale must be 1, 2, 4 or 8");
        }
        return checkScale(toks.get(i).number(), toks.get(i).text());
    }

    private static int checkScale(long value, String text) {
        if (value != 1 && value != 2 && value != 4 && value != 8) {
            throw new AsmError("scale must be 1, 2, 4 or 8, not " + text);
        }
        return (int) value;
    }
}
