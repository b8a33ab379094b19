package io.tdxsim.vcpu;

/**
 * Told each store to a TD's memory outside the vCPU stacks, as it happens. A run split over
 * several JVMs keeps one copy of the memory per JVM and ships these writes to the other copies
 * (see {@link TdMemory#observeWrites}); a run in one JVM has none.
 */
@FunctionalInterface
public interface WriteObserver {

    /** {@code size} bytes (1..8, within one page) of {@code value} were stored at {@code gpa}. */
    void wrote(long gpa, int size, long value);
}
