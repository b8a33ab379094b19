package io.tdxsim.sim.report;

/** Geometry shared by the charts drawn against virtual time, so their time axes line up. */
final class TimeCharts {

    static final int WIDTH = 1200;
    /** Room for lane names at the left of the swimlane; the other time charts use it too. */
    static final double LEFT = 110;

    private TimeCharts() {
    }
}
