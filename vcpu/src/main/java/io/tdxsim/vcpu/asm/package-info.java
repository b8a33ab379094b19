/**
 * The guest-program assembler: Intel-syntax source from a scenario to x86-64 machine code for
 * the vCPU interpreter, encoded exactly as GNU as ({@code .intel_syntax noprefix}, 64-bit) would.
 *
 * <p>Source syntax, one statement per line:
 * <ul>
 *   <li>{@code ;} and {@code #} start comments; {@code name:} defines a label (alone or before
 *       an instruction); labels and symbols are case-sensitive, mnemonics and registers not.</li>
 *   <li>Numbers: decimal, {@code 0x} hex, {@code 0b} binary, optionally negative; expressions
 *       are sums and differences of numbers, symbols and labels ({@code uart0+5}).</li>
 *   <li>Memory: {@code [base + index*scale + disp]} with 64-bit registers;
 *       {@code [rip + label]} and {@code [label]} are RIP-relative to the label;
 *       {@code [rip + n]} is a raw displacement; {@code [n]} is an absolute address.
 *       Size keywords {@code byte|word|dword|qword} with optional {@code ptr}; needed when no
 *       register operand fixes the size.</li>
 *   <li>A difference of labels is a number (not an address); any value that involves a label
 *       takes the 32-bit immediate or displacement form, so sizes never depend on layout.</li>
 *   <li>{@code db} / {@code .byte} emit raw bytes for instructions outside the subset.</li>
 * </ul>
 */
package io.tdxsim.vcpu.asm;
