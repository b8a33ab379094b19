package io.tdxsim.sim.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Compact figures for chart labels and tables: 1.5µs, 12ms, 3,200, 21.4%. */
final class Units {

    private Units() {
    }

    static String time(double ns) {
        double a = Math.abs(ns);
        if (a < 1e3) {
            return trim(ns, 1) + "ns";
        }
        if (a < 1e6) {
            return trim(ns / 1e3, 2) + "µs";
        }
        if (a < 1e9) {
            return trim(ns / 1e6, 2) + "ms";
        }
        return trim(ns / 1e9, 2) + "s";
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    /** At most {@code decimals} decimals, trailing zeros dropped. */
    static String trim(double v, int decimals) {
        String s = BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
