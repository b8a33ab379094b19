package io.tdxsim.vcpu.handler;

import io.tdxsim.vcpu.RegisterFile;
import io.tdxsim.vcpu.decode.Insn;

/**
 * The linear address the kernel's insn_get_addr_ref() computes for a 64-bit kernel-mode
 * instruction, which handle_mmio() uses only for its split-page check. It differs from the
 * CPU's effective address where the kernel's helpers do: an instruction without ModRM reads as
 * ModRM 0 (so MOVS gives [rax]), a register form gives the register's value, and two different
 * segment overrides give -1 (get_seg_reg_override_idx() fails). Segment bases are zero here.
 */
final class KernelAddress {

    /** What insn_get_addr_ref() returns on failure. */
    static final long ERROR = -1L;

    private KernelAddress() {
    }

    static long of(Insn insn, RegisterFile regs) {
        if (insn.segmentOverrides() > 1) {
            return ERROR;
        }
        if (!insn.hasModrm) {
            return regs.gpr[0];                       // modrm.value 0: mod 0, rm 0, no displacement
        }
        long ea;
        if (insn.mod == 3) {
            ea = regs.gpr[insn.rm];
        } else if (insn.ripRelative) {
            ea = regs.rip + insn.length + insn.disp;
        } else {
            ea = insn.disp;
            if (insn.base >= 0) {
                ea += regs.gpr[insn.base];
            }
            if (insn.index >= 0) {
                ea += regs.gpr[insn.index] * insn.scale;
            }
        }
        return insn.addrBytes == 4 ? ea & 0xFFFF_FFFFL : ea;
    }

    /** handle_mmio()'s test: the first and last byte in different 4 KiB pages (unsigned, wrapping). */
    static boolean splitsPages(long vaddr, int size) {
        return Long.divideUnsigned(vaddr, 4096) != Long.divideUnsigned(vaddr + size - 1, 4096);
    }
}
