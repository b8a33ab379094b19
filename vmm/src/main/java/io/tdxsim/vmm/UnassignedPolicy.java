package io.tdxsim.vmm;

/** What the VMM answers for a shared GPA no device owns. */
public enum UnassignedPolicy {
    /** INVALID_OPERAND to the guest. */
    ERROR,
    /** Reads return all ones, writes are dropped (Cloud Hypervisor's choice). */
    ONES,
    /** Reads return zero, writes are dropped (QEMU/KVM and Firecracker). */
    ZEROS
}
