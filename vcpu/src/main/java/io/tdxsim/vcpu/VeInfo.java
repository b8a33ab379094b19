package io.tdxsim.vcpu;

/**
 * What TDG.VP.VEINFO.GET reports for a #VE. For EPT violations the instruction length is not
 * defined, so the handler has to decode the instruction itself; for IO_INSTRUCTION it is given.
 * A vCPU refills one of these per exit ({@link Interpreter#veInfo(VeInfo)}), so taking a #VE
 * allocates nothing; a handler reads it during {@code onVe} and keeps nothing of it.
 */
public final class VeInfo {

    private long exitReason;
    /** EPT violation: bit 0 read, bit 1 write; I/O: see {@link io.tdxsim.vmm.Ghci#ioQualification}. */
    private long exitQualification;
    /** Linear address of the faulting access (0 for port I/O). */
    private long gla;
    /** Guest-physical address, shared bit included (0 for port I/O). */
    private long gpa;
    /** ve->instr_len: the instruction's length for IO_INSTRUCTION, 0 otherwise. */
    private int instructionLength;

    /** An empty one, to be filled by {@link Interpreter#veInfo(VeInfo)}. */
    public VeInfo() {
    }

    public VeInfo(long exitReason, long exitQualification, long gla, long gpa, int instructionLength) {
        set(exitReason, exitQualification, gla, gpa, instructionLength);
    }

    /** An EPT violation, whose instruction length the TDX module does not report. */
    public VeInfo(long exitReason, long exitQualification, long gla, long gpa) {
        this(exitReason, exitQualification, gla, gpa, 0);
    }

    VeInfo set(long exitReason, long exitQualification, long gla, long gpa, int instructionLength) {
        this.exitReason = exitReason;
        this.exitQualification = exitQualification;
        this.gla = gla;
        this.gpa = gpa;
        this.instructionLength = instructionLength;
        return this;
    }

    public long exitReason() {
        return exitReason;
    }

    public long exitQualification() {
        return exitQualification;
    }

    public long gla() {
        return gla;
    }

    public long gpa() {
        return gpa;
    }

    public int instructionLength() {
        return instructionLength;
    }

    public boolean isPortIo() {
        return exitReason == io.tdxsim.vmm.Ghci.EXIT_REASON_IO_INSTRUCTION;
    }

    @Override
    public String toString() {
        return "VeInfo[exitReason=" + exitReason + ", exitQualification=" + exitQualification + ", gla=0x"
                + Long.toHexString(gla) + ", gpa=0x" + Long.toHexString(gpa) + ", instructionLength=" + instructionLength + "]";
    }
}
