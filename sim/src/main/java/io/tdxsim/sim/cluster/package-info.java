/**
 * Exploration campaigns over several JVMs on Akka Cluster (Artery TCP): the explore command as a
 * coordinator node that hands seeds to worker nodes by work pulling, and the worker node. The
 * data path (devices, vmm, vcpu) knows nothing of it; a worker runs each seed through the same
 * {@link io.tdxsim.sim.run.Exploration.Runner} as a local exploration.
 */
package io.tdxsim.sim.cluster;
