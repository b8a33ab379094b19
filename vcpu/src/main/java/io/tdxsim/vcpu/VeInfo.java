package io.tdxsim.vcpu;

/**
 * What TDG.VP.VEINFO.GET reports for a #VE. For EPT violations the instruction length is not
 * defined, so the handler has to decode the instruction itself; for IO_INSTRUCTION it is given.
 *
 * @param exitQualification EPT violation: bit 0 read, bit 1 write; I/O: see {@link io.tdxsim.vmm.Ghci#ioQualification}
 * @param gla               linear address of the faulting access (0 for port I/O)
 * @param gpa               guest-physical address, shared bit included (0 for port I/O)
 * @param instructionLength ve->instr_len: the instruction's length for IO_INSTRUCTION, 0 otherwise
 */
public record VeInfo(long exitReason, long exitQualification, long gla, long gpa, int instructionLength) {

    /** An EPT violation, whose instruction length the TDX module does not report. */
    public VeInfo(long exitReason, long exitQualification, long gla, long gpa) {
        this(exitReason, exitQualification, gla, gpa, 0);
    }

    public boolean isPortIo() {
        return exitReason == io.tdxsim.vmm.Ghci.EXIT_REASON_IO_INSTRUCTION;
    }
}
