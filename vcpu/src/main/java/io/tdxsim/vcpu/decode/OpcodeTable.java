package io.tdxsim.vcpu.decode;

/**
 * Operand shape of every opcode in 64-bit mode: whether a ModRM byte follows and which
 * immediate. Enough to find exact instruction lengths; the meaning of an opcode lives with the
 * code that executes or classifies it.
 */
final class OpcodeTable {

    static final int MODRM = 1;
    static final int INVALID = 1 << 1;
    static final int PREFIX = 1 << 2;
    static final int IMM_B = 1 << 3;      // 1 byte
    static final int IMM_W = 1 << 4;      // 2 bytes
    static final int IMM_Z = 1 << 5;      // 2 or 4 by operand size
    static final int IMM_V = 1 << 6;      // 2, 4 or 8 by operand size (B8+r)
    static final int IMM_MOFFS = 1 << 7;  // address-size offset (A0-A3)
    static final int IMM_WB = 1 << 8;     // 2 + 1 bytes (ENTER)
    static final int IMM_REL32 = 1 << 9;  // 4 bytes regardless of 66 (near branches in 64-bit)
    static final int GROUP3 = 1 << 10;    // F6/F7: immediate only for /0 and /1
    static final int REG_ONLY = 1 << 11;  // ModRM.mod ignored, always a register (0F 20-23)

    static final int[] ONE_BYTE = new int[256];
    static final int[] TWO_BYTE = new int[256];

    static {
        for (int row = 0x00; row <= 0x38; row += 8) {   // ALU blocks: add or adc sbb and sub xor cmp
            ONE_BYTE[row] = ONE_BYTE[row + 1] = ONE_BYTE[row + 2] = ONE_BYTE[row + 3] = MODRM;
            ONE_BYTE[row + 4] = IMM_B;
            ONE_BYTE[row + 5] = IMM_Z;
        }
        for (int op : new int[] {0x06, 0x07, 0x0E, 0x16, 0x17, 0x1E, 0x1F, 0x27, 0x2F, 0x37, 0x3F,
                                 0x60, 0x61, 0x82, 0x9A, 0xCE, 0xD4, 0xD5, 0xD6, 0xEA}) {
            ONE_BYTE[op] = INVALID;
        }
        for (int op : new int[] {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3}) {
            ONE_BYTE[op] = PREFIX;
        }
        set(ONE_BYTE, 0x62, MODRM);                        // EVEX handled before the table
        set(ONE_BYTE, 0x63, MODRM);
        set(ONE_BYTE, 0x68, IMM_Z);
        set(ONE_BYTE, 0x69, MODRM | IMM_Z);
        set(ONE_BYTE, 0x6A, IMM_B);
        set(ONE_BYTE, 0x6B, MODRM | IMM_B);
        for (int op = 0x70; op <= 0x7F; op++) {
            ONE_BYTE[op] = IMM_B;
        }
        set(ONE_BYTE, 0x80, MODRM | IMM_B);
        set(ONE_BYTE, 0x81, MODRM | IMM_Z);
        set(ONE_BYTE, 0x83, MODRM | IMM_B);
        for (int op = 0x84; op <= 0x8F; op++) {
            ONE_BYTE[op] = MODRM;
        }
        for (int op = 0xA0; op <= 0xA3; op++) {
            ONE_BYTE[op] = IMM_MOFFS;
        }
        set(ONE_BYTE, 0xA8, IMM_B);
        set(ONE_BYTE, 0xA9, IMM_Z);
        for (int op = 0xB0; op <= 0xB7; op++) {
            ONE_BYTE[op] = IMM_B;
        }
        for (int op = 0xB8; op <= 0xBF; op++) {
            ONE_BYTE[op] = IMM_V;
        }
        set(ONE_BYTE, 0xC0, MODRM | IMM_B);
        set(ONE_BYTE, 0xC1, MODRM | IMM_B);
        set(ONE_BYTE, 0xC2, IMM_W);
        set(ONE_BYTE, 0xC6, MODRM | IMM_B);
        set(ONE_BYTE, 0xC7, MODRM | IMM_Z);
        set(ONE_BYTE, 0xC8, IMM_WB);
        set(ONE_BYTE, 0xCA, IMM_W);
        set(ONE_BYTE, 0xCD, IMM_B);
        for (int op = 0xD0; op <= 0xD3; op++) {
            ONE_BYTE[op] = MODRM;
        }
        for (int op = 0xD8; op <= 0xDF; op++) {
            ONE_BYTE[op] = MODRM;
        }
        for (int op = 0xE0; op <= 0xE7; op++) {
            ONE_BYTE[op] = IMM_B;
        }
        set(ONE_BYTE, 0xE8, IMM_REL32);
        set(ONE_BYTE, 0xE9, IMM_REL32);
        set(ONE_BYTE, 0xEB, IMM_B);
        set(ONE_BYTE, 0xF6, MODRM | GROUP3 | IMM_B);
        set(ONE_BYTE, 0xF7, MODRM | GROUP3 | IMM_Z);
        set(ONE_BYTE, 0xFE, MODRM);
        set(ONE_BYTE, 0xFF, MODRM);

        for (int op = 0; op < 256; op++) {
            TWO_BYTE[op] = MODRM;
        }
        for (int op : new int[] {0x04, 0x0A, 0x0C, 0x24, 0x25, 0x26, 0x27, 0x36, 0x39, 0x3B, 0x3C, 0x3D,
                                 0x3E, 0x3F, 0x7A, 0x7B, 0xA6, 0xA7}) {
            TWO_BYTE[op] = INVALID;
        }
        for (int op : new int[] {0x05, 0x06, 0x07, 0x08, 0x09, 0x0B, 0x0E, 0x30, 0x31, 0x32, 0x33,
                                 0x34, 0x35, 0x37, 0x77, 0xA0, 0xA1, 0xA2, 0xA8, 0xA9, 0xAA}) {
            TWO_BYTE[op] = 0;
        }
        for (int op = 0xC8; op <= 0xCF; op++) {
            TWO_BYTE[op] = 0;
        }
        for (int op = 0x20; op <= 0x23; op++) {
            TWO_BYTE[op] = MODRM | REG_ONLY;
        }
        for (int op = 0x80; op <= 0x8F; op++) {
            TWO_BYTE[op] = IMM_REL32;
        }
        for (int op : new int[] {0x0F, 0x70, 0x71, 0x72, 0x73, 0xA4, 0xAC, 0xBA, 0xC2, 0xC4, 0xC5, 0xC6}) {
            TWO_BYTE[op] = MODRM | IMM_B;
        }
    }

    private static void set(int[] table, int op, int flags) {
        table[op] = flags;
    }

    private OpcodeTable() {
    }
}
