package io.tdxsim.sim.run;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A histogram written by many threads without contention: each thread records into its own
 * plain {@link Histogram}, and {@link #merged()} adds them up. Read it once the writers are done
 * (after a run completes); a read while threads still record may miss their latest values.
 */
public final class StripedHistogram {

    private final int digits;
    private final List<Histogram> stripes = new ArrayList<>();
    private final ThreadLocal<Histogram> mine = ThreadLocal.withInitial(this::newStripe);

    public StripedHistogram(int significantDigits) {
        this.digits = significantDigits;
    }

    public void record(long value) {
        mine.get().recordValue(value);
    }

    private Histogram newStripe() {
        Histogram h = new Histogram(digits);
        synchronized (stripes) {
            stripes.add(h);
        }
        return h;
    }

    /** The sum of every thread's values. */
    public Histogram merged() {
        Histogram all = new Histogram(digits);
        synchronized (stripes) {
            for (Histogram h : stripes) {
                all.add(h);
            }
        }
        return all;
    }
}
