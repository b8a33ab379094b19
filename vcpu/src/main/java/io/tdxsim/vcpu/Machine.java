package io.tdxsim.vcpu;

/**
 * What the vCPU tells the guest about itself: its index (CPUID's initial APIC ID and x2APIC ID,
 * TSC_AUX for RDTSCP and RDPID, as Linux sets TSC_AUX to the CPU number) and its time stamp
 * counter, the vCPU's virtual time in nanoseconds (a 1 GHz TSC). Stateless: a million vCPUs
 * carry no object for it.
 */
final class Machine {

    private Machine() {
    }

    /** EDX:EAX = {@code tsc}. */
    static void rdtsc(RegisterFile regs, long tsc) {
        regs.gpr[0] = tsc & 0xFFFF_FFFFL;
        regs.gpr[2] = tsc >>> 32;
    }

    /** Leaves 0, 1 and 0xb for vCPU {@code index}; any other leaf reads as zeros (as one above the maximum would). */
    static void cpuid(RegisterFile regs, int index) {
        int leaf = (int) regs.gpr[0];
        int sub = (int) regs.gpr[1];
        long a = 0;
        long b = 0;
        long c = 0;
        long d = 0;
        switch (leaf) {
            case 0 -> {
                a = 0xb;
                b = 0x756e6547;          // "GenuineIntel" in EBX, EDX, ECX
                d = 0x49656e69;
                c = 0x6c65746e;
            }
            case 1 -> {
                a = 0x000806f8;                           // family 6
                b = ((index & 0xFFL) << 24) | (1L << 16);
                c = 1L << 21 | 1L << 31;                  // x2APIC, running under a hypervisor
                d = 1L << 4 | 1L << 8 | 1L << 15;         // TSC, CMPXCHG8B, CMOV
            }
            case 0xb -> {
                a = 0;
                b = sub == 0 ? 1 : 0;
                c = sub & 0xFF | (sub == 0 ? 1 << 8 : 0);
                d = index & 0xFFFF_FFFFL;
            }
            default -> { }
        }
        regs.gpr[0] = a;
        regs.gpr[3] = b;
        regs.gpr[1] = c;
        regs.gpr[2] = d;
    }
}
