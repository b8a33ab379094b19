package io.tdxsim.vcpu.asm;

import java.util.Map;

/**
 * Assembled guest code placed at {@code origin}.
 *
 * @param code         the machine code
 * @param origin       guest virtual address of {@code code[0]}
 * @param labels       label name to guest virtual address, in definition order
 * @param lineOfOffset for each code byte, the 1-based source line that produced it
 */
public record Program(byte[] code, long origin, Map<String, Long> labels, int[] lineOfOffset) {
}
