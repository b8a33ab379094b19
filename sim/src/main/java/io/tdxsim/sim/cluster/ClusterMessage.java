package io.tdxsim.sim.cluster;

/**
 * Marks the messages that travel between cluster nodes. ClusterNode binds this interface to
 * akka-serialization-jackson's CBOR serializer, so only these are ever written to the wire and a
 * message class must opt in to be sent.
 */
public interface ClusterMessage {
}
