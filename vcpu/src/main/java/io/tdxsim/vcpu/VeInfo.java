package io.tdxsim.vcpu;

/**
 * What TDG.VP.VEINFO.GET reports for a #VE. For EPT violations the instruction length is not
 * defined, so the handler has to decode the instruction itself.
 *
 * @param exitQualification bit 0 read, bit 1 write
 * @param gla               linear address of the faulting access
 * @param gpa               guest-physical address, shared bit included
 */
public record VeInfo(long exitReason, long exitQualification, long gla, long gpa) {
}
