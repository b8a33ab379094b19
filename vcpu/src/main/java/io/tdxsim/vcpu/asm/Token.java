package io.tdxsim.vcpu.asm;

/** One lexical token of a source line; {@code number} is meaningful only for NUMBER. */
record Token(Kind kind, String text, long number) {

    enum Kind { IDENT, NUMBER, COMMA, LBRACKET, RBRACKET, PLUS, MINUS, STAR, COLON }

    boolean is(Kind k) {
        return kind == k;
    }

    @Override
    public String toString() {
        return text;
    }
}
