package io.tdxsim.vcpu.handler;

import io.tdxsim.vcpu.Fault;
import io.tdxsim.vcpu.decode.Insn;
import io.tdxsim.vcpu.decode.MmioKind;

/**
 * What a #VE handler decided: either a fault, or one TDVMCALL to issue and how to write its
 * result back. Mutable and reused per vCPU so the exit path does not allocate.
 */
public final class VeDecision {

    public Fault fault;
    public String detail;
    /** A kernel log line the handler printed (WARN, pr_err), or null. */
    public String log;

    public int size;
    public boolean write;
    public long gpa;
    public long data;

    /** A port-I/O #VE: {@link #gpa} holds the port, and the call is Instruction.IO. */
    public boolean port;
    /** The instruction length the #VE reported (port I/O), by which RIP advances. */
    public int length;

    public MmioKind kind;
    /** Register slot (0..15) the handler reads from or writes back to. */
    public int register;
    /**
     * The faulting instruction as the handler's decoder read it: the text's shared, read-only
     * entry ({@link io.tdxsim.vcpu.Interpreter#kernelDecoded}); null until the handler decoded one.
     */
    public Insn insn;
    /** The #VE's information, refilled per exit by the vCPU that owns this decision. */
    public final io.tdxsim.vcpu.VeInfo ve = new io.tdxsim.vcpu.VeInfo();

    void reset() {
        fault = null;
        detail = null;
        log = null;
        size = 0;
        write = false;
        gpa = 0;
        data = 0;
        port = false;
        length = 0;
        kind = MmioKind.DECODE_FAILED;
        register = -1;
        insn = null;
    }

    VeDecision fail(Fault f, String why) {
        fault = f;
        detail = why;
        return this;
    }

    VeDecision request(int accessSize, boolean isWrite, long address, long value) {
        size = accessSize;
        write = isWrite;
        gpa = address;
        data = value;
        return this;
    }

    public boolean isFault() {
        return fault != null;
    }
}
