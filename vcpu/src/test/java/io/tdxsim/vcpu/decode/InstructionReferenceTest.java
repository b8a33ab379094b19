package io.tdxsim.vcpu.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InstructionReferenceTest {

    @Test
    void docsInstructionSetIsTheTableAsPrintedNow() throws Exception {
        Path doc = Path.of("").toAbsolutePath().getParent().resolve("docs/instruction-set.md");
        if (!Files.exists(doc)) {
            doc = Path.of("docs/instruction-set.md");
        }
        assertEquals(InstructionReference.markdown(), Files.readString(doc),
                "docs/instruction-set.md is stale: java -cp vcpu/target/classes "
                        + "io.tdxsim.vcpu.decode.InstructionReference > docs/instruction-set.md");
    }

    @Test
    void theDecoderTagsEachInstructionWithItsRow() {
        assertEquals(Op.TZCNT, decode(0xF3, 0x0F, 0xBC, 0xC0).op());      // rep bsf eax, eax
        assertEquals(Op.BSF, decode(0x0F, 0xBC, 0xC0).op());
        assertEquals(Op.RDPID, decode(0xF3, 0x0F, 0xC7, 0xF8).op());
        assertEquals(Op.RDTSCP, decode(0x0F, 0x01, 0xF9).op());
        assertEquals(Op.HINT_NOP, decode(0xF3, 0x0F, 0x1E, 0xFA).op());    // endbr64
        assertEquals(Op.SHIFT, decode(0xD1, 0xF8).op());                   // sar eax, 1
        assertEquals(Op.UNSUPPORTED, decode(0x0F, 0x01, 0xF8).op());       // swapgs
        assertNull(decode(0x0F, 0xAE, 0x38).row());                          // clflush [rax]: not the fence
        assertNotNull(decode(0x0F, 0xAE, 0xF0).row());                       // mfence
        assertTrue(decode(0x0F, 0xAB, 0x07).row().has(InstructionTable.LOCKABLE)); // bts [rdi], eax
    }

    private static Insn decode(int... bytes) {
        byte[] code = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            code[i] = (byte) bytes[i];
        }
        Insn insn = new Insn();
        assertTrue(X86Decoder.decode(code, 0, code.length, insn), insn.error);
        return insn;
    }
}
