package io.tdxsim.devices;

/** A device could not be built from its scenario entry; the message is one line for the user. */
public final class DeviceConfigException extends RuntimeException {

    public DeviceConfigException(String message) {
        super(message);
    }
}
