package io.tdxsim.vcpu.handler;

/**
 * The register updates of the kernels' port-I/O handlers. Before the 2026 fixes both the RFC and
 * upstream handle_in()/handle_out() masked with GENMASK(8 * size, 0): one bit too many, so an
 * IN also overwrites the bit just above its operand (AH's bit 0 for IN AL) and a 4-byte IN keeps
 * bits 63:33. The fix masks with GENMASK(8 * size - 1, 0) and writes IN's result through
 * insn_assign_reg(), which zero-extends 4-byte results as the CPU does.
 */
final class PortIoMask {

    private PortIoMask() {
    }

    /** GENMASK(8 * size, 0): the pre-2026 mask, {@code 8 * size + 1} bits. */
    static long offByOne(int size) {
        return (1L << (8 * size + 1)) - 1;
    }

    /** GENMASK(8 * size - 1, 0). */
    static long exact(int size) {
        return io.tdxsim.vmm.Ghci.mask(size);
    }

    /** RAX after the pre-2026 handle_in(): cleared under the mask, then R11's masked bits (none on failure). */
    static long inBeforeFix(long rax, long value, int size) {
        long mask = offByOne(size);
        return (rax & ~mask) | (value & mask);
    }

    /** insn_assign_reg(): 1- and 2-byte results keep the other bits, 4-byte results zero-extend. */
    static long assignReg(long rax, long value, int size) {
        return size == 4 ? value & 0xFFFF_FFFFL : SlotBytes.copyLow(rax, value, size);
    }
}
