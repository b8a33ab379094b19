package io.tdxsim.devices;

/** Minimal logging facade so device models need neither Akka nor a logging framework. */
@FunctionalInterface
public interface DeviceLog {

    void info(String message);

    DeviceLog DISCARD = message -> { };
}
