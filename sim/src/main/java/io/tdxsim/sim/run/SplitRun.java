package io.tdxsim.sim.run;

import akka.actor.typed.ActorSystem;

/**
 * A cluster node that splits runs: its actor system hosts the VMM, the devices and the first
 * vCPUs, and {@link #split} places the others on the worker nodes that joined it.
 */
public interface SplitRun {

    /** The node's actor system, configured for the scenario's runs. */
    ActorSystem<?> system();

    /** The other nodes' share of the next run, each ready to spawn its vCPUs. */
    Split split();
}
