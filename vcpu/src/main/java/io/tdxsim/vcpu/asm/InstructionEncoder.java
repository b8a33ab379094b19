package io.tdxsim.vcpu.asm;

/** Encodes the statements of one mnemonic (or family). */
interface InstructionEncoder {

    byte[] encode(Statement st, EncodeContext ctx);

    /** Jumps take part in relaxation; their size depends on {@link EncodeContext#longJump()}. */
    default boolean isJump() {
        return false;
    }

    default boolean allowsRep() {
        return false;
    }

    /** Upper bound on the encoded size, known before any encoding (the longest x86 instruction). */
    default int maxLength(Statement st) {
        return 15;
    }
}
