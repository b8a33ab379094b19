package io.tdxsim.vcpu.handler;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which guest handler a scenario runs, and which kernel it models. Where upstream changed
 * behaviour the guest can see, each side of the change is a profile of its own: v6.12's
 * user-address check in handle_mmio() (d4fc4d01), and the 2026 port-I/O fixes in handle_io().
 */
public enum HandlerProfile {
    /** Upstream Linux today, bug for bug. */
    LINUX("linux", "upstream Linux since the 2026 port-I/O fixes (also in the stable releases of September"
            + " 2026): the user-address check of v6.12, handle_io() with the exact mask", true, true),
    /** v6.12 up to the 2026 port-I/O fixes. */
    LINUX_6_12("linux-6.12", "Linux v6.12 up to the 2026 port-I/O fixes: the user-address check,"
            + " handle_io() masking with GENMASK(8 * size, 0), one bit too wide", true, false),
    /** v6.6 as released, before the user-address check was added (and backported). */
    LINUX_6_6("linux-6.6", "Linux v6.6 as released: no user-address check in handle_mmio(), handle_io()"
            + " one bit too wide", false, false),
    /** The RFC v2 patch under review (seed review). */
    RFC_V2("rfc-v2", "the 2021 RFC v2 patch under review: tdg_handle_mmio() and tdg_handle_io()", false, false),
    /** What the CPU itself would have done: every access reaches the device, as the SDM says. */
    ARCHITECTURAL("architectural", "no kernel: what the CPU itself does (Intel SDM)", false, false);

    private final String id;
    private final String kernel;
    private final boolean userAddressCheck;
    private final boolean portIoFixed;

    HandlerProfile(String id, String kernel, boolean userAddressCheck, boolean portIoFixed) {
        this.id = id;
        this.kernel = kernel;
        this.userAddressCheck = userAddressCheck;
        this.portIoFixed = portIoFixed;
    }

    public String id() {
        return id;
    }

    /** The kernel (or patch) this profile models, in a sentence. */
    public String kernel() {
        return kernel;
    }

    /** The #VE handler, or null for ARCHITECTURAL, where the vCPU emulates accesses itself. */
    public VeHandler handler(long sharedBit) {
        return switch (this) {
            case LINUX, LINUX_6_12, LINUX_6_6 -> new LinuxHandler(sharedBit, userAddressCheck, portIoFixed);
            case RFC_V2 -> new RfcV2Handler();
            case ARCHITECTURAL -> null;
        };
    }

    /**
     * What this profile's #VE handler does with HLT while interrupts are enabled: null when it
     * sends TDVMCALL&lt;Instruction.HLT&gt; with "interrupts blocked" clear (the RFC and the kernels
     * before 2025; the CPU itself just sleeps), else why it refuses: upstream's handle_halt() warns
     * and fails the #VE, since an interrupt taken before the call could leave the vCPU asleep for
     * ever, and routes safe_halt() through tdx_safe_halt() instead.
     */
    public String refusesHaltWithInterrupts() {
        return this == LINUX ? "WARNING: HLT emulation with IRQs enabled; handle_halt() fails the #VE (-EIO)"
                + " and ve_raise_fault() oopses" : null;
    }

    public static HandlerProfile parse(String text) {
        for (HandlerProfile p : values()) {
            if (p.id.equals(text.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        return null;
    }

    public static String choices() {
        return Arrays.stream(values()).map(HandlerProfile::id).collect(Collectors.joining(", "));
    }
}
