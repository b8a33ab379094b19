package io.tdxsim.vcpu.asm;

/**
 * Raised deep inside parsing or encoding, where the line is not at hand; the assembler turns it
 * into an {@link AsmException} for the statement being processed.
 */
final class AsmError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AsmError(String reason) {
        super(reason, null, false, false);
    }
}
