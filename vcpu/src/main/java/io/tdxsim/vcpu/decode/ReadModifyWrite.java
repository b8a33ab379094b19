package io.tdxsim.vcpu.decode;

/**
 * Instructions that load their memory operand and store a result back to it (ADD/OR/AND/SUB/XOR
 * to memory, shifts, NOT/NEG, INC/DEC, XCHG, XADD, CMPXCHG). An EPT violation taken by one of
 * them reports a data write in the exit qualification even though the load comes first (SDM,
 * exit qualification for EPT violations); whether the read bit is also set is model-specific.
 */
public final class ReadModifyWrite {

    private ReadModifyWrite() {
    }

    /**
     * Whether a LOCK prefix is allowed (SDM, LOCK): the read-modify-write forms above except the
     * shifts and rotates, plus BTS/BTR/BTC and CMPXCHG8B/16B, always with a memory destination.
     */
    public static boolean lockable(Insn insn) {
        if (insn.valid && !insn.vex && insn.map == Insn.MAP_0F && insn.hasModrm && insn.mod != 3) {
            int digit = insn.reg & 7;
            switch (insn.opcode) {
                case 0xAB, 0xB3, 0xBB -> {
                    return true;
                }
                case 0xBA -> {
                    return digit >= 5;
                }
                case 0xC7 -> {
                    return digit == 1;
                }
                default -> { }
            }
        }
        if (!is(insn)) {
            return false;
        }
        return insn.map != Insn.MAP_ONE_BYTE || !(insn.opcode == 0xC0 || insn.opcode == 0xC1
                || (insn.opcode >= 0xD0 && insn.opcode <= 0xD3));
    }

    public static boolean is(Insn insn) {
        if (!insn.valid || insn.vex || !insn.hasModrm || insn.mod == 3) {
            return false;
        }
        int op = insn.opcode;
        int digit = insn.reg & 7;
        if (insn.map == Insn.MAP_0F) {
            return op == 0xB0 || op == 0xB1 || op == 0xC0 || op == 0xC1;
        }
        if (insn.map != Insn.MAP_ONE_BYTE) {
            return false;
        }
        if (op < 0x40 && (op & 7) < 2) {
            return (op >>> 3) != 7;                             // r/m op= reg, CMP excepted
        }
        return switch (op) {
            case 0x80, 0x81, 0x83 -> digit != 7;                // r/m op= imm, CMP excepted
            case 0x86, 0x87 -> true;                            // XCHG
            case 0xC0, 0xC1, 0xD0, 0xD1, 0xD2, 0xD3 -> true;    // shifts and rotates
            case 0xF6, 0xF7 -> digit == 2 || digit == 3;        // NOT, NEG
            case 0xFE, 0xFF -> digit <= 1;                      // INC, DEC
            default -> false;
        };
    }
}
