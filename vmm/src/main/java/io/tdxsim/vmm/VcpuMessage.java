package io.tdxsim.vmm;

/** A message a vCPU actor receives; the VMM's replies implement it so no adapter is needed. */
public interface VcpuMessage {
}
