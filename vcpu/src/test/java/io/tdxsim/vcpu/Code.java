package io.tdxsim.vcpu;

import java.io.ByteArrayOutputStream;

/** Hand-encoded guest code for tests that must not depend on the assembler. */
final class Code {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    static Code start() {
        return new Code();
    }

    Code hex(String hex) {
        String h = hex.replace(" ", "");
        for (int i = 0; i < h.length(); i += 2) {
            bytes.write(Integer.parseInt(h.substring(i, i + 2), 16));
        }
        return this;
    }

    /** movabs r64, imm64 (REX.W B8+r). */
    Code movabs(Gpr reg, long value) {
        bytes.write(0x48 | (reg.number() >= 8 ? 1 : 0));
        bytes.write(0xB8 + (reg.number() & 7));
        for (int i = 0; i < 8; i++) {
            bytes.write((int) (value >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    Code hlt() {
        return hex("f4");
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}
