package io.tdxsim.vmm;

/**
 * @param gpaWidth     guest-physical address width (48 or 52); fixes the shared bit
 * @param dispatchNs   virtual time the VMM spends validating and routing one call
 * @param unassigned   policy for addresses no device owns
 */
public record VmmSettings(int gpaWidth, long dispatchNs, UnassignedPolicy unassigned) {

    public long sharedBit() {
        return Ghci.sharedBit(gpaWidth);
    }
}
