/**
 * The {@code bench} command: exits per second of both simulation modes against the raw cost of
 * an exit's four actor messages on the same dispatcher, wall-clock exit latency, heap per idle
 * vCPU and decoder speed, checked against the performance targets.
 */
package io.tdxsim.sim.bench;
