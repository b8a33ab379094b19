package io.tdxsim.devices;

/**
 * Where a device's interrupts go: level lines (INTx, an IOAPIC pin) and message-signalled
 * vectors (MSI, an edge). The scenario's routing to vCPUs lies behind it, not in the model.
 */
public interface InterruptSink {

    /** Sets line {@code line} high ({@code true}) or low; setting it to its level again is no change. */
    void line(int line, boolean level);

    /** Sends one message-signalled interrupt with {@code vector}. */
    void msi(int vector);

    /** A sink that drops everything. */
    InterruptSink NONE = new InterruptSink() {
        @Override
        public void line(int line, boolean level) {
        }

        @Override
        public void msi(int vector) {
        }
    };
}
