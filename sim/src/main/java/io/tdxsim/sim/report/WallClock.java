package io.tdxsim.sim.report;

import java.time.Instant;

/**
 * The wall-clock side of a run. Kept apart from everything else a report holds so that two runs
 * of a deterministic scenario differ only here.
 *
 * @param started   when the run began
 * @param wallNanos wall time the run took, actor-system start-up included
 */
public record WallClock(Instant started, long wallNanos) {

    public double exitsPerSecond(long exits) {
        return wallNanos <= 0 ? 0 : exits * 1e9 / wallNanos;
    }
}
