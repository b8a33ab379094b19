package io.tdxsim.vmm;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The VMM's bookkeeping, kept outside the actor so a supervisor restart of the VMM loses no
 * call, no statistic and no ordering state.
 */
public final class VmmState {

    final VmmStats stats = new VmmStats();
    final ConservativeSequencer sequencer;
    /** Highest answered sequence number per vCPU: a second answer for it is a duplicate. */
    private long[] answered = new long[64];
    /** Calls waiting for a device, when device timeouts are on. */
    final Map<Long, DeviceActor.Access> waiting = new HashMap<>();
    long busyUntil;
    boolean crashed;
    /** The run is over and the stats were handed out: no more calls are served. */
    boolean closed;

    public VmmState(VmmSettings settings) {
        this.sequencer = settings.ordering() == VmmSettings.Ordering.DETERMINISTIC
                ? new ConservativeSequencer(settings.vcpus(), settings.firstCallNs()) : null;
    }

    public VmmStats stats() {
        return stats;
    }

    /** Marks (vcpu, seq) answered; false if it already was. */
    boolean markAnswered(int vcpu, long seq) {
        if (vcpu >= answered.length) {
            answered = Arrays.copyOf(answered, Math.max(vcpu + 1, answered.length * 2));
        }
        if (seq <= answered[vcpu]) {
            return false;
        }
        answered[vcpu] = seq;
        return true;
    }
}
