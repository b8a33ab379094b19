package io.tdxsim.vcpu.asm;

import java.util.List;

/** A sum of signed terms, each a number or a name (symbol or label), e.g. {@code uart0+5}. */
record Expr(List<Term> terms) {

    static final Expr ZERO = new Expr(List.of());

    /** {@code name} is null for a number. */
    record Term(boolean negative, long number, String name) {
    }

    boolean isEmpty() {
        return terms.isEmpty();
    }
}
