package io.tdxsim.devices;

/** What a device model may know about the access it serves. */
public interface AccessContext {

    /** Virtual time (ns) at which the device starts serving this access. */
    long nowNs();

    /** Index of the requesting vCPU. */
    int vcpu();

    /** Per-device log; messages land in the run's log and report. */
    DeviceLog log();
}
