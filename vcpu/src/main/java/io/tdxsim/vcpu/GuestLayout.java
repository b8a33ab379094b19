package io.tdxsim.vcpu;

/**
 * What the memory view of every vCPU in a group has in common: the address space, the TD's
 * memory and its page attributes, the program text (decoded) and where it is mapped, and the modes. Made
 * once per group ({@link VcpuGroup#layout}), so each vCPU's {@link GuestMemory} holds one
 * reference instead of its own copy of each.
 */
public final class GuestLayout {

    final AddressSpace space;
    final TdMemory ram;
    final PageAttributes pages;
    final byte[] code;
    /** The text's instructions as decoded, shared by every vCPU running it. */
    final DecodedText text;
    /** The linear address of the text's first byte in the group's mode. */
    final long codeBase;
    final long sharedBit;
    final boolean userMode;
    /** Accesses to MMIO become operations the vCPU sends itself, instead of a #VE. */
    final boolean emulateMmio;
    /** Deterministic mode: an access to RAM outside the vCPU's own stack first waits for a memory turn. */
    final boolean turns;

    GuestLayout(AddressSpace space, TdMemory ram, byte[] code, boolean userMode, boolean emulateMmio, boolean turns) {
        this.space = space;
        this.ram = ram;
        this.pages = ram.attributes();
        this.code = code;
        this.text = DecodedText.of(code);
        this.codeBase = space.textBase(userMode);
        this.sharedBit = space.sharedBit();
        this.userMode = userMode;
        this.emulateMmio = emulateMmio;
        this.turns = turns;
    }
}
