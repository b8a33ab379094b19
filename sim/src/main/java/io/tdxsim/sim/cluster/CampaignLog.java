package io.tdxsim.sim.cluster;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import java.io.PrintStream;

/**
 * The coordinator's lines on standard error: workers joining and lost, and each tenth of the
 * seeds done, so a campaign's log shows its progress even without a terminal for the bar.
 */
final class CampaignLog {

    private final PrintStream out;
    private final int seeds;
    private final boolean tenths;

    /** @param tenths log each tenth of the seeds done (not when a progress bar shows them) */
    CampaignLog(PrintStream out, int seeds, boolean tenths) {
        this.out = out;
        this.seeds = seeds;
        this.tenths = tenths;
    }

    void joined(ActorRef<?> worker, int jobs) {
        out.printf("tdxsim explore: worker %s joined, %d seed%s at once%n", node(worker), jobs, plural(jobs));
    }

    void lost(ActorRef<?> worker, String how, int heldSeeds) {
        out.printf("tdxsim explore: worker %s %s; %d seed%s it held will run elsewhere%n", node(worker), how, heldSeeds,
                plural(heldSeeds));
    }

    /** Called with each new result; says something when another tenth is done. */
    void done(int done, int workers) {
        if (tenths && done * 10L / seeds > (done - 1) * 10L / seeds) {
            out.printf("tdxsim explore: %d of %d seeds done, %d worker%s%n", done, seeds, workers, plural(workers));
        }
    }

    static String node(ActorRef<?> ref) {
        return hostPort(ref.path().address());
    }

    /** HOST:PORT of a node, as the commands take it. */
    static String hostPort(Address a) {
        return a.host().isDefined() ? a.host().get() + ":" + a.port().get() : "(this node)";
    }

    private static String plural(int n) {
        return n == 1 ? "" : "s";
    }
}
