package io.tdxsim.devices;

import java.util.Map;
import java.util.Set;

/**
 * A device model behind one MMIO range. Plain Java: the simulator hosts it in an actor, so an
 * implementation is called by one thread at a time unless its contract says {@code concurrent}.
 *
 * <p>Offsets are relative to the range base. Sizes are 1, 2, 4 or 8 and always within the
 * contract's implemented sizes: the VMM splits wider accesses and recombines them little-endian.
 */
public interface MmioDevice {

    /** Returns the value read; only the low {@code size} bytes are used. */
    long read(long offset, int size, AccessContext ctx);

    /** {@code value} holds the data in its low {@code size} bytes; the rest is zero. */
    void write(long offset, int size, long value, AccessContext ctx);

    /** Access rules, QEMU MemoryRegionOps style. */
    default AccessContract contract() {
        return AccessContract.ANY;
    }

    /**
     * True if the model acts on the machine beyond answering its registers: it sets timers, or
     * does DMA. The engine then holds back, while one of its accesses is in flight, every event
     * ordered after that access's start, so what the access set in motion takes its place in the
     * order (in deterministic mode, the same at any thread count). A run refuses timers to a model
     * that does not say so; the price is less overlap between the device and the other vCPUs.
     */
    default boolean talksBack() {
        return false;
    }

    /**
     * Observable state for outcome expressions and the report, keyed by a short name
     * (for example {@code value}, {@code violations}). Values are numbers or strings.
     */
    default Map<String, Object> snapshot() {
        return Map.of();
    }

    /**
     * The keys this model's {@code params} block may hold: a scenario that sets any other key is
     * refused at start-up, naming the key, so a misspelt parameter cannot silently keep its
     * default. The default, null, declares nothing: then the keys the constructor read through
     * {@link DeviceParams} are the accepted ones.
     */
    default Set<String> acceptedParams() {
        return null;
    }
}
