package io.tdxsim.sim.report;

import java.util.Locale;

/** Colours: a fixed categorical set for devices, a hue walk for vCPUs (any number of them). */
final class Palette {

    private static final String[] DEVICES = {
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1",
        "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#6b6ecf",
    };

    static final String NO_DEVICE = "#8c8c8c";
    static final String VMM = "#444444";

    private Palette() {
    }

    static String device(int index) {
        return index < 0 ? NO_DEVICE : DEVICES[index % DEVICES.length];
    }

    /**
     * Steps the hue by the golden angle so that neighbouring vCPU numbers get clearly different
     * colours however many vCPUs there are; lightness alternates for a little more contrast.
     */
    static String vcpu(int index) {
        double hue = (index * 137.508) % 360;
        int light = index % 2 == 0 ? 45 : 60;
        return String.format(Locale.ROOT, "hsl(%.0f,65%%,%d%%)", hue, light);
    }
}
