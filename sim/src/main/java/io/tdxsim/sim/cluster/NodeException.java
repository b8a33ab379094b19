package io.tdxsim.sim.cluster;

/** A node could not start or join; the message is the one line the command prints. */
public final class NodeException extends Exception {

    public NodeException(String message) {
        super(message);
    }
}
