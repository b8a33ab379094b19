package io.tdxsim.devices;

/**
 * What a device model may know and do while it serves an access or a timer: the virtual time,
 * who asked, a log, and the device's reach beyond its registers (service time, DMA, interrupts,
 * timers). The defaults are those of a context without that reach, so a hand-written context
 * need implement only the first three.
 */
public interface AccessContext {

    /** Virtual time (ns) at which the device starts serving this access. */
    long nowNs();

    /** Index of the requesting vCPU; -1 in a timer callback. */
    int vcpu();

    /** Per-device log; messages land in the run's log and report. */
    DeviceLog log();

    /**
     * This access keeps the device busy {@code ns} longer than the device's configured
     * {@code service}, which is the minimum of every access (the engine relies on it): a doorbell,
     * a status read and a data transfer may so cost differently. Calls add up; negative is refused.
     */
    default void addServiceNs(long ns) {
    }

    /** The TD's memory as this device reaches it (shared pages only). */
    default DmaMemory dma() {
        return DmaMemory.NONE;
    }

    /** The device's interrupt outputs (lines and MSI-style vectors). */
    default InterruptSink interrupts() {
        return InterruptSink.NONE;
    }

    /**
     * Calls {@code timer} at virtual time {@code atNs} (not before now) with a context of its own;
     * returns a handle for {@link #cancelTimer}. In a run the timer is an engine event, fired in
     * virtual-time order with the vCPUs' accesses; a model that sets timers there declares
     * {@link MmioDevice#talksBack()}, or the call fails. {@link DeviceHarness} fires them as its
     * clock moves. A context without timers refuses.
     */
    default long scheduleTimer(long atNs, DeviceTimer timer) {
        throw new UnsupportedOperationException("this context has no timers");
    }

    /** Cancels a timer that has not fired; returns false if it already fired or was cancelled. */
    default boolean cancelTimer(long handle) {
        return false;
    }
}
