package io.tdxsim.vmm.engine;

/**
 * A device's earliest pending timer as an event of the engine: it fires at {@code vt} in the
 * same (vt, source, seq) order as the vCPUs' calls and memory turns. A device's timers are one
 * source, numbered after the vCPUs, with one event outstanding at most, as every source has.
 *
 * @param device the device's index in the run
 */
public record TimerEvent(int source, long seq, long vt, int device) implements TimedEvent {
}
