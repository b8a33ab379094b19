package io.tdxsim.vcpu.handler;

import java.util.Locale;

/** Which guest handler a scenario runs. */
public enum HandlerProfile {
    /** Today's upstream Linux handle_mmio(), bug for bug. */
    LINUX("linux"),
    /** The RFC v2 patch under review (seed review). */
    RFC_V2("rfc-v2"),
    /** What the CPU itself would have done: every access reaches the device, as the SDM says. */
    ARCHITECTURAL("architectural");

    private final String id;

    HandlerProfile(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The #VE handler, or null for ARCHITECTURAL, where the vCPU emulates accesses itself. */
    public VeHandler handler(long sharedBit) {
        return switch (this) {
            case LINUX -> new LinuxHandler(sharedBit);
            case RFC_V2 -> new RfcV2Handler();
            case ARCHITECTURAL -> null;
        };
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
        return "linux, rfc-v2, architectural";
    }
}
