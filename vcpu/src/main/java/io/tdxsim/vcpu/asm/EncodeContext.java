package io.tdxsim.vcpu.asm;

/**
 * What an encoder may know about where its statement lands.
 *
 * @param address        guest virtual address of the statement's first byte
 * @param strict         false while sizing: label values are provisional, so range checks on
 *                       them wait for the final pass
 * @param longJump       for jumps: use the rel32 form
 * @param labelsFitInt32 every label address fits a sign-extended imm32 (decides
 *                       {@code mov r64, label} before label addresses are known)
 * @param lock           the statement has the {@code lock} prefix
 */
record EncodeContext(SymbolTable symbols, long address, boolean strict, boolean longJump, boolean labelsFitInt32,
                     boolean lock) {

    Value eval(Expr e) {
        return symbols.eval(e);
    }

    /** Whether a range check on {@code v} is meaningful now. */
    boolean checks(Value v) {
        return strict || !v.usesLabels();
    }
}
