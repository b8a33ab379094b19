package io.tdxsim.devices;

import static io.tdxsim.devices.VirtioMmioRegisters.*;

import java.util.function.Consumer;

/**
 * Device status and feature negotiation. FEATURES_OK does not stick when the driver accepted a
 * feature that was not offered or left out VERSION_1; the driver must read Status back to see it.
 */
final class VirtioHandshake {

    private final long offered;
    private int status;
    private long accepted;
    private long refusals;

    VirtioHandshake(long offered) {
        this.offered = offered | F_VERSION_1;
    }

    long offered() {
        return offered;
    }

    int status() {
        return status;
    }

    long accepted() {
        return accepted;
    }

    /** The features both sides agreed on, once FEATURES_OK has stuck. */
    long negotiated() {
        return (status & STATUS_FEATURES_OK) != 0 ? accepted : 0;
    }

    long refusals() {
        return refusals;
    }

    long offeredWord(int sel) {
        return sel == 0 || sel == 1 ? (offered >>> (32 * sel)) & 0xFFFF_FFFFL : 0;
    }

    void accept(int sel, int word, Consumer<String> mistakes) {
        if ((status & STATUS_FEATURES_OK) != 0) {
            mistakes.accept("DriverFeatures written after FEATURES_OK");
        }
        if (sel == 0 || sel == 1) {
            accepted = VirtioQueue.withHalf(accepted, sel * 4, word);
        }
    }

    void reset() {
        status = 0;
        accepted = 0;
    }

    /** Applies a non-zero Status write (zero is a reset, handled by the transport). */
    void writeStatus(int value, Consumer<String> mistakes, DeviceLog log) {
        int v = value & 0xFF;
        if ((status & ~v) != 0) {
            mistakes.accept(String.format("Status bits cleared without a reset (0x%02x -> 0x%02x)", status, v));
        }
        int raised = v & ~status;
        if ((raised & STATUS_FEATURES_OK) != 0 && !acceptable()) {
            refusals++;
            log.info(String.format("virtio-mmio: FEATURES_OK refused: driver accepted 0x%x, device offers 0x%x",
                    accepted, offered));
            v &= ~STATUS_FEATURES_OK;
            raised &= ~STATUS_FEATURES_OK;
        }
        requireFirst(raised, v, STATUS_DRIVER, STATUS_ACKNOWLEDGE, "DRIVER set before ACKNOWLEDGE", mistakes);
        requireFirst(raised, v, STATUS_FEATURES_OK, STATUS_DRIVER, "FEATURES_OK set before DRIVER", mistakes);
        requireFirst(raised, v, STATUS_DRIVER_OK, STATUS_FEATURES_OK, "DRIVER_OK set without FEATURES_OK", mistakes);
        status = v;
    }

    private boolean acceptable() {
        return (accepted & ~offered) == 0 && (accepted & F_VERSION_1) != 0;
    }

    private static void requireFirst(int raised, int v, int bit, int prerequisite, String what,
                                     Consumer<String> mistakes) {
        if ((raised & bit) != 0 && (v & prerequisite) == 0) {
            mistakes.accept(what);
        }
    }
}
