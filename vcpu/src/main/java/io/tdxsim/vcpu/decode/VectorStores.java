package io.tdxsim.vcpu.decode;

/**
 * VEX/EVEX forms whose memory operand is the destination (stores, compress, scatter, extract).
 * The interpreter runs vector instructions only up to their memory access, and the #VE's exit
 * qualification needs to say whether that access was a write; every other form is a load.
 */
public final class VectorStores {

    private VectorStores() {
    }

    public static boolean is(Insn insn) {
        if (!insn.vex || !insn.hasModrm || insn.mod == 3) {
            return false;
        }
        return switch (insn.map) {
            case Insn.MAP_0F -> switch (insn.opcode) {
                // vmovups/ss, vmovlps, vmovhps, vmovaps, vmovntps, vmovd/q r/m, vmovdqa/u, vmovq, vmovntdq
                case 0x11, 0x13, 0x17, 0x29, 0x2B, 0x7F, 0xD6, 0xE7 -> true;
                case 0x7E -> insn.vexPp != 2;                 // F3 0F 7E (vmovq xmm, m64) is a load
                default -> false;
            };
            // vmaskmovps/pd, vcompress*, vpmaskmov, vpscatter/vscatter
            case Insn.MAP_0F38 -> switch (insn.opcode) {
                case 0x2E, 0x2F, 0x8A, 0x8B, 0x8E, 0xA0, 0xA1, 0xA2, 0xA3 -> true;
                default -> false;
            };
            // vextract*, vpextr*, vcvtps2ph
            case Insn.MAP_0F3A -> switch (insn.opcode) {
                case 0x14, 0x15, 0x16, 0x17, 0x19, 0x1B, 0x1D, 0x39, 0x3B -> true;
                default -> false;
            };
            default -> false;
        };
    }
}
