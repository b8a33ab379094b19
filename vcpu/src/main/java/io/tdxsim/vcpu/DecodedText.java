package io.tdxsim.vcpu;

import io.tdxsim.vcpu.decode.Insn;
import io.tdxsim.vcpu.decode.X86Decoder;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Decoded instructions of one program text, by offset: text is read-only, so each instruction is
 * decoded once and every vCPU running the same bytes shares the result. An entry is immutable
 * once published; two vCPUs decoding the same address at once both publish equal objects.
 */
final class DecodedText {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Insn[].class);
    /** Arrays hash by identity, so this keys on the very byte array the vCPUs share. */
    private static final Map<byte[], DecodedText> SHARED = new WeakHashMap<>();

    private final byte[] code;
    private final Insn[] decoded;

    private DecodedText(byte[] code) {
        this.code = code;
        this.decoded = new Insn[code.length];
    }

    /** The cache for {@code code}, the same object for every vCPU holding the same array. */
    static DecodedText of(byte[] code) {
        synchronized (SHARED) {
            return SHARED.computeIfAbsent(code, DecodedText::new);
        }
    }

    /** The instruction at {@code offset} (valid or not: an invalid one keeps its error). */
    Insn at(int offset) {
        Insn insn = (Insn) SLOT.getAcquire(decoded, offset);
        if (insn == null) {
            insn = new Insn();
            X86Decoder.decode(code, offset, X86Decoder.MAX_LENGTH, insn);
            SLOT.setRelease(decoded, offset, insn);
        }
        return insn;
    }
}
