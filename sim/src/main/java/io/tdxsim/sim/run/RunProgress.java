package io.tdxsim.sim.run;

import akka.actor.typed.Behavior;
import akka.actor.typed.BehaviorInterceptor;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.javadsl.Behaviors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live figures of a run in progress, safe to read from any thread: vCPUs finished out of the
 * total, and exits completed so far.
 */
public final class RunProgress {

    private final AtomicLong finished = new AtomicLong();
    private volatile ExitRecorder recorder;
    private volatile int total;

    public long vcpusFinished() {
        return Math.min(finished.get(), total);
    }

    public int vcpusTotal() {
        return total;
    }

    public long exits() {
        ExitRecorder r = recorder;
        return r == null ? 0 : r.total().exits();
    }

    void attach(ExitRecorder exits, int vcpus) {
        recorder = exits;
        total = vcpus;
    }

    /**
     * Counts finished vCPUs from outside the guardian. Until the guardian is told to finish, every
     * message it receives is a vCPU's result: statistics replies only arrive once all vCPUs are done
     * (or after Finish), and the count is capped at the total.
     */
    Behavior<RunGuardian.Command> watch(Behavior<RunGuardian.Command> guardian) {
        return Behaviors.intercept(() -> new BehaviorInterceptor<>(RunGuardian.Command.class) {
            private boolean stopping;

            @Override
            public Behavior<RunGuardian.Command> aroundReceive(TypedActorContext<RunGuardian.Command> ctx,
                                                               RunGuardian.Command msg,
                                                               ReceiveTarget<RunGuardian.Command> target) {
                if (msg == RunGuardian.Finish.INSTANCE) {
                    stopping = true;
                } else if (!stopping) {
                    finished.incrementAndGet();
                }
                return target.apply(ctx, msg);
            }
        }, guardian);
    }
}
