package io.tdxsim.sim.report;

import java.util.ArrayList;
import java.util.List;

/** Round tick values (1, 2, 5 times a power of ten) covering a range. */
final class Ticks {

    private Ticks() {
    }

    /** About {@code target} ticks from 0 (or min) up to at least max; the last tick is the axis end. */
    static List<Double> nice(double min, double max, int target) {
        if (max <= min) {
            max = min + 1;
        }
        double step = step((max - min) / Math.max(1, target));
        List<Double> ticks = new ArrayList<>();
        double first = Math.floor(min / step) * step;
        for (double t = first; t < max + step * 0.999; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
        }
        return ticks;
    }

    static double step(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        double m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        return m * p;
    }
}
