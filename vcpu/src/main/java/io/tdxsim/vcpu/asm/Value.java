package io.tdxsim.vcpu.asm;

/**
 * An evaluated expression. {@code usesLabels} marks values that depend on code layout: encoders
 * pick a fixed-width form for them so that instruction sizes never depend on label addresses.
 * {@code isAddress} marks a label plus or minus constants (not a difference of labels): such a
 * value is a location in the program, which is what a RIP-relative operand or a jump refers to.
 */
record Value(long value, boolean usesLabels, boolean isAddress) {
}
