package io.tdxsim.vmm.engine;

/**
 * An event that couples two parts of the machine, ordered by (virtual time, source, sequence):
 * a total order, since a source numbers its own events (see {@link EventSequencer}).
 */
public interface TimedEvent {

    /** Virtual time (ns) at which the event reaches its server. */
    long vt();

    /** Index of the source that produced it: a vCPU, or after the vCPUs a device's timers. */
    int source();

    /** The source's own sequence number, increasing in program order. */
    long seq();
}
