package io.tdxsim.vmm;

import java.util.Arrays;
import java.util.Objects;

/**
 * The VMM's answer: R10 status and R11 read data, at virtual time {@code vt} (when the VMM
 * finished; the vCPU adds the return half of the TD transition), with the timing of each stage
 * so the run can show who waited where.
 * <p>
 * The VMM actor sends each answer in a new one ({@link #copyOf} of the core's scratch answer,
 * which is valid for that call only): a carrier kept per vCPU was a cold cache line to write on
 * the serving thread at every exit, a fresh one lies in that thread's allocation buffer.
 * Equality is by value; the vCPU it is addressed to is not part of the answer ({@link #copyOf}
 * keeps the carrier's own).
 */
public final class TdVmCallResult implements VmmActor.Reply {
    /** the vCPU this carrier answers (an actor may run several); -1 on a core's scratch answer */
    private int vcpu = -1;
    private long seq;
    private long r10;
    private long r11;
    private long vt;
    /** index of the device that served the call, or -1 if none did */
    private int device;
    /** when the VMM began dispatching it (after queueing behind other calls) */
    private long vmmStartVt;
    /** when the device began serving it, or -1 */
    private long deviceStartVt;
    /** interrupts now pending for the vCPU (posted into its virtual APIC, no #VE), or null */
    private int[] vectors;
    /** the answer to an Instruction.HLT when nothing is left that could wake the vCPU */
    private boolean idle;

    /** An empty carrier; Jackson also reads into one (its fields, by name). */
    public TdVmCallResult() {
    }

    /** An answer with no vectors, not idle. */
    public TdVmCallResult(long seq, long r10, long r11, long vt, int device, long vmmStartVt, long deviceStartVt) {
        set(seq, r10, r11, vt, device, vmmStartVt, deviceStartVt);
    }

    /** Refills this answer: no vectors, not idle. */
    TdVmCallResult set(long seq, long r10, long r11, long vt, int device, long vmmStartVt, long deviceStartVt) {
        this.seq = seq;
        this.r10 = r10;
        this.r11 = r11;
        this.vt = vt;
        this.device = device;
        this.vmmStartVt = vmmStartVt;
        this.deviceStartVt = deviceStartVt;
        this.vectors = null;
        this.idle = false;
        return this;
    }

    /** This answer carrying {@code delivered}: vectors now pending for the vCPU (null: none). */
    TdVmCallResult withVectors(int[] delivered) {
        this.vectors = delivered;
        return this;
    }

    /** This answer to an Instruction.HLT, telling the vCPU nothing is left that could wake it. */
    TdVmCallResult asIdle() {
        this.idle = true;
        return this;
    }

    /** Refills this carrier with {@code other}'s answer (the vectors array is shared: no one writes it). */
    public TdVmCallResult copyOf(TdVmCallResult other) {
        set(other.seq, other.r10, other.r11, other.vt, other.device, other.vmmStartVt, other.deviceStartVt);
        this.vectors = other.vectors;
        this.idle = other.idle;
        return this;
    }

    /** A detached copy, to the same vCPU. */
    public TdVmCallResult copy() {
        return new TdVmCallResult().addressedTo(vcpu).copyOf(this);
    }

    /** This carrier, for vCPU {@code index} from now on. */
    public TdVmCallResult addressedTo(int index) {
        this.vcpu = index;
        return this;
    }

    @Override
    public int vcpu() {
        return vcpu;
    }

    public long seq() {
        return seq;
    }

    public long r10() {
        return r10;
    }

    public long r11() {
        return r11;
    }

    public long vt() {
        return vt;
    }

    public int device() {
        return device;
    }

    public long vmmStartVt() {
        return vmmStartVt;
    }

    public long deviceStartVt() {
        return deviceStartVt;
    }

    public int[] vectors() {
        return vectors;
    }

    public boolean idle() {
        return idle;
    }

    public boolean ok() {
        return r10 == TdvmcallStatus.SUCCESS.code();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TdVmCallResult r && seq == r.seq && r10 == r.r10 && r11 == r.r11 && vt == r.vt
                && device == r.device && vmmStartVt == r.vmmStartVt && deviceStartVt == r.deviceStartVt
                && Arrays.equals(vectors, r.vectors) && idle == r.idle;
    }

    @Override
    public int hashCode() {
        return Objects.hash(seq, r10, r11, vt, device, vmmStartVt, deviceStartVt, Arrays.hashCode(vectors), idle);
    }

    @Override
    public String toString() {
        return "TdVmCallResult[vcpu=" + vcpu + ", seq=" + seq + ", r10=" + r10 + ", r11=" + r11 + ", vt=" + vt + ", device=" + device
                + ", vmmStartVt=" + vmmStartVt + ", deviceStartVt=" + deviceStartVt + ", vectors="
                + Arrays.toString(vectors) + ", idle=" + idle + "]";
    }
}
