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
 * once published; two vCPUs decoding the same address at once both publish equal objects. It
 * does not hold the text itself (the weak map's key), so a program no vCPU runs any more is
 * collected with its cache.
 */
final class DecodedText {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Insn[].class);
    /** Arrays hash by identity, so this keys on the very byte array the vCPUs share. */
    private static final Map<byte[], DecodedText> SHARED = new WeakHashMap<>();

    private final Insn[] decoded;
    /** The same text as the guest kernel's decoder reads it (its prefix rules differ from the CPU's). */
    private final Insn[] kernelDecoded;

    private DecodedText(byte[] code) {
        this.decoded = new Insn[code.length];
        this.kernelDecoded = new Insn[code.length];
    }

    /** The cache for {@code code}, the same object for every vCPU holding the same array. */
    static DecodedText of(byte[] code) {
        synchronized (SHARED) {
            return SHARED.computeIfAbsent(code, DecodedText::new);
        }
    }

    /** The instruction at {@code offset} of {@code code}, the text this cache was made for (valid or not). */
    Insn at(byte[] code, int offset) {
        Insn insn = (Insn) SLOT.getAcquire(decoded, offset);
        if (insn == null) {
            insn = new Insn();
            X86Decoder.decode(code, offset, X86Decoder.MAX_LENGTH, insn);
            publish(decoded, offset, insn);
        }
        return insn;
    }

    /**
     * The instruction at {@code offset} as a #VE handler decodes it with insn_decode() after
     * fetching the bytes from RIP to the end of the text (at most {@link X86Decoder#MAX_LENGTH}):
     * valid or not, the same for every exit there, so it is decoded once.
     */
    Insn kernelAt(byte[] code, int offset) {
        Insn insn = (Insn) SLOT.getAcquire(kernelDecoded, offset);
        if (insn == null) {
            insn = new Insn();
            X86Decoder.decodeLinux(code, offset, code.length - offset, insn);
            publish(kernelDecoded, offset, insn);
        }
        return insn;
    }

    private static void publish(Insn[] entries, int offset, Insn insn) {
        insn.row();                          // looked up before publishing: readers never write it
        SLOT.setRelease(entries, offset, insn);
    }
}
