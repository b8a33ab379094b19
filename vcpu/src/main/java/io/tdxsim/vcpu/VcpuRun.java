package io.tdxsim.vcpu;

import akka.actor.typed.ActorRef;
import io.tdxsim.vmm.VmmActor;

/**
 * What every vCPU of a run has in common: the VMM it calls, where it sends its result and who
 * observes its exits. One object per run ({@link VcpuSpawner} makes it), not four fields per vCPU.
 *
 * @param timesWall the observer wants each exit's wall-clock latency
 */
record VcpuRun(ActorRef<VmmActor.Command> vmm, ActorRef<VcpuResult> done, ExitObserver observer, boolean timesWall) {

    VcpuRun(ActorRef<VmmActor.Command> vmm, ActorRef<VcpuResult> done, ExitObserver observer) {
        this(vmm, done, observer, observer.timesWallClock());
    }
}
