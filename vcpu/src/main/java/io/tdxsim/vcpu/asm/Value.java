package io.tdxsim.vcpu.asm;

/**
 * An evaluated expression. {@code usesLabels} marks values that depend on code layout: encoders
 * pick a fixed-width form for them so that instruction sizes never depend on label addresses.
 */
record Value(long value, boolean usesLabels) {
}
