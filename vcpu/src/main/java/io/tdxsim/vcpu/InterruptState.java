package io.tdxsim.vcpu;

/**
 * A vCPU's interrupt controller as a TD sees it: the IDTR that LIDT loaded, and the virtual
 * APIC's request and in-service registers. In a TD the TDX module posts interrupts into the
 * virtual APIC and the CPU takes them without a #VE; the x2APIC EOI write is virtualized the same
 * way. Vectors arrive here only with the VMM's answers, at points the engine orders.
 */
public final class InterruptState {

    /** RFLAGS.IF. */
    public static final long IF = 1L << 9;
    /** Device interrupts use vectors 32..255; 0..31 are the CPU's exceptions. */
    public static final int FIRST_VECTOR = 32;
    /** The x2APIC EOI register, written with WRMSR. */
    public static final int MSR_X2APIC_EOI = 0x80B;

    /** The IRR and ISR, 256 bits each; made at the first vector, so an idle vCPU carries neither. */
    private long[] requested;
    private long[] inService;
    long idtBase;
    int idtLimit;
    /** STI's shadow: interrupts stay blocked until the instruction after STI has run. */
    int shadow;
    private long taken;
    private long eois;

    /** A vector the VMM delivered: requested until the vCPU takes it (a repeat merges, as in the IRR). */
    public void post(int vector) {
        if (vector >= FIRST_VECTOR && vector < 256) {
            if (requested == null) {
                requested = new long[4];
                inService = new long[4];
            }
            requested[vector >>> 6] |= 1L << vector;
        }
    }

    /**
     * The vector the CPU takes before the next instruction, or -1: interrupts enabled, no STI
     * shadow, and {@link #aboveProcessorPriority()}.
     */
    int deliverable(long rflags) {
        if ((rflags & IF) == 0 || shadow > 0) {
            return -1;
        }
        return aboveProcessorPriority();
    }

    /**
     * The highest requested vector if its priority class (vector / 16) is above the class of the
     * highest one in service, as the APIC's processor priority decides; else -1. What the TDX
     * module reports to the VMM at a HLT as a pending virtual interrupt (RVI above PPR): a vector
     * that waits for the EOI of one of its class does not keep the vCPU awake.
     */
    private int aboveProcessorPriority() {
        if (requested == null) {
            return -1;
        }
        int want = highest(requested);
        if (want < 0) {
            return -1;
        }
        int busy = highest(inService);
        return busy < 0 || (want >>> 4) > (busy >>> 4) ? want : -1;
    }

    /** A requested vector the processor priority lets through once IF allows it: HLT does not sleep. */
    public boolean pendingForHalt() {
        return aboveProcessorPriority() >= 0;
    }

    /** The CPU took {@code vector}: it leaves the IRR for the ISR. */
    void accept(int vector) {
        requested[vector >>> 6] &= ~(1L << vector);
        inService[vector >>> 6] |= 1L << vector;
        taken++;
    }

    /** An EOI: the highest vector in service is done. */
    void endOfInterrupt() {
        eois++;
        if (inService == null) {
            return;
        }
        int v = highest(inService);
        if (v >= 0) {
            inService[v >>> 6] &= ~(1L << v);
        }
    }

    /** An instruction retired: one step of STI's shadow passes. */
    void retired() {
        if (shadow > 0) {
            shadow--;
        }
    }

    /** Interrupts this vCPU took. */
    public long taken() {
        return taken;
    }

    public long endsOfInterrupt() {
        return eois;
    }

    private static int highest(long[] bits) {
        for (int w = 3; w >= 0; w--) {
            if (bits[w] != 0) {
                return w * 64 + 63 - Long.numberOfLeadingZeros(bits[w]);
            }
        }
        return -1;
    }
}
