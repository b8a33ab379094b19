package io.tdxsim.vcpu.asm;

/** A guest program that cannot be assembled; names the 1-based line within the program text. */
public final class AsmException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final String reason;

    public AsmException(int line, String reason) {
        super("line " + line + ": " + reason);
        this.line = line;
        this.reason = reason;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
