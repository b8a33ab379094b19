package io.tdxsim.sim;

/** The lost-update race the tests run: read a counter register, add one, write it back, in a loop. */
public final class RacyIncrement {

    private RacyIncrement() {
    }

    /**
     * A `programs.inc` entry incrementing the device {@code device} {@code rounds} times (RCX is
     * the loop count; 0 leaves it as the group's registers set it), then halting; {@code
     * beforeHalt} is one more instruction, or "".
     */
    public static String program(String device, int rounds, String beforeHalt) {
        return """
                  programs.inc = \"\"\"
                      mov rdi, %s
                      %s
                  again:
                      mov rax, qword [rdi]
                      inc rax
                      mov qword [rdi], rax
                      dec ecx
                      jnz again
                      %s
                      hlt
                  \"\"\"
                """.formatted(device, rounds > 0 ? "mov ecx, " + rounds : "", beforeHalt);
    }
}
