package io.tdxsim.vcpu;

import akka.actor.typed.ActorRef;
import io.tdxsim.vcpu.handler.HandlerProfile;
import io.tdxsim.vcpu.handler.KernelFixup;
import io.tdxsim.vcpu.handler.VeDecision;
import io.tdxsim.vcpu.handler.VeHandler;
import io.tdxsim.vmm.MemoryTurn;
import io.tdxsim.vmm.TdVmCall;
import io.tdxsim.vmm.TdVmCallResult;
import io.tdxsim.vmm.VmmActor;
import io.tdxsim.vmm.engine.CostModel;
import io.tdxsim.vmm.engine.Perturbation;

/**
 * One virtual CPU. Runs guest instructions in slices; on MMIO it takes a #VE, lets its handler
 * decode the instruction and sends one TDVMCALL, then waits for the answer as a message (no
 * thread blocks) before writing back and moving on. Plain state driven by {@link VcpuActor},
 * which may run many; every message to it names it, as its reply ref is its actor's.
 */
final class Vcpu implements java.util.function.LongSupplier {

    /** PAUSE's cost in instructions: it waits about 140 cycles on Skylake and later cores. */
    static final int PAUSE_INSTRUCTIONS = 40;
    /** Virtual time between two progress reports of a vCPU that makes no calls. */
    static final long PROGRESS_EVERY_NS = 2_000;

    /** What the vCPU's group shares: code, costs, handler, memory. */
    private final VcpuGroup group;
    /** The seed's preemptions and jitter for this vCPU; null for most vCPUs. */
    private final Perturbation perturbation;
    /** The VMM, the results' recipient and the observer: the same object for every vCPU of the run. */
    private final VcpuRun run;
    private final Interpreter cpu;
    /** The handler's decision for the exit in progress; made at the first #VE (an idle vCPU has none). */
    private VeDecision decision;
    /**
     * The call this vCPU refills for each exit (one in flight at most), made at its first; the
     * exit's #VE and arrival times are read back from it when the answer comes.
     */
    private TdVmCall exitCall;
    /** Kernel log lines, fixups, failed calls and a stop before the end, made at the first (most vCPUs have none). */
    private Incidents incidents;
    /** Virtual time this vCPU's calls spent queued at the VMM and at devices: in all, and at most once. */
    private long waitNs;
    private long maxWaitNs;

    private long vt;
    private long seq;
    /** The last PAUSE, once this vCPU spun. */
    private SpinLoop loop;
    /** A spinner waiting for the slowest vCPU to come within the quantum. */
    private boolean throttled;
    /** The virtual time of the last progress report. */
    private long reportedVt;
    /** Memory turns asked for (deterministic mode). */
    private long turns;
    /**
     * The turn granted is still held: its instruction stopped with a #VE, and the handler and a
     * fixup may read shared RAM before the turn ends (at {@link #turnEndVt}, the instruction's end).
     */
    private boolean turnOpen;
    private long turnEndVt;
    private long sentWall;
    private long exits;
    private long instructions;
    /** The open call is TDVMCALL&lt;Instruction.HLT&gt;. */
    private boolean halting;
    private boolean finished;

    /**
     * What most vCPUs never meet, made at the first: a line the kernel logged, a fault the
     * exception table fixed up (or one waiting for a memory turn first), a call answered with an
     * error, the run stopping the vCPU before it finished.
     */
    private static final class Incidents {
        String lastLog;
        long fixups;
        long failedExits;
        /** The turn asked for is for an exception-table fixup that reads shared RAM, not an instruction. */
        Fault fixupFault;
        String fixupDetail;
        /** The run stopped the vCPU: it keeps its state for a snapshot but executes no more. */
        boolean stopped;
        /** Who asked for the snapshot, while the answer channel drains. */
        ActorRef<VcpuResult> reportTo;
        /** Answers that arrived after the vCPU was stopped: counted, not executed. */
        long lateAnswers;
    }

    /** What a snapshot reports for a vCPU that met none. */
    private static final Incidents NO_INCIDENTS = new Incidents();

    /** The actor running this vCPU, where every message to it goes. */
    private final ActorRef<VmmActor.Reply> self;
    /** Told to itself to run its next slice after others had a turn; made at the first. */
    private VcpuActor.Continue next;

    Vcpu(VcpuSpec spec, VcpuRun run, ActorRef<VmmActor.Reply> self) {
        this.self = self;
        this.group = spec.group();
        this.perturbation = spec.perturbation();
        this.run = run;
        RegisterFile regs = new RegisterFile();
        this.cpu = new Interpreter(group.vcpuLayout(), spec.index(), regs);
        cpu.clock(this);                     // RDTSC reads the vCPU's virtual time
        if (group.initialGprs() != null) {
            System.arraycopy(group.initialGprs(), 0, regs.gpr, 0, 16);
        }
        if (group.indexInRdi()) {
            regs.set(Gpr.RDI, spec.index());
        }
        if (regs.get(Gpr.RSP) == 0) {        // a stack of its own unless the scenario set RSP
            regs.set(Gpr.RSP, group.space().linearOf(AddressSpace.stackTop(spec.index()), group.userMode()));
        }
    }

    private CostModel costs() {
        return group.costs();
    }

    /** The vCPU's index, which its memory view keeps. */
    private int index() {
        return cpu.vcpu();
    }

    /** Stress mode's clocks of the TD's vCPUs. */
    private SpinClocks clocks() {
        return cpu.memory().clocks();
    }

    private Incidents incidents() {
        if (incidents == null) {
            incidents = new Incidents();
        }
        return incidents;
    }

    private boolean stopped() {
        return incidents != null && incidents.stopped;
    }

    /** The vCPU's virtual time, for RDTSC: the vCPU is its own clock, so no object per vCPU. */
    @Override
    public long getAsLong() {
        return vt;
    }

    /** Handles one message for this vCPU; null if it is not one a vCPU takes. The answer first. */
    Vcpu receive(VmmActor.Reply msg) {
        if (msg instanceof TdVmCallResult r) {
            if (!stopped()) {
                return onResult(r);
            }
            incidents.lateAnswers++;         // frozen for the report: counted, nothing runs
            return this;
        }
        if (msg instanceof VmmActor.TurnGranted) {
            return onTurn();
        }
        if (msg instanceof VmmActor.SpinTurnGranted g) {
            return onSpinTurn(g.passes());
        }
        if (msg instanceof VmmActor.Drained) {
            if (incidents != null && incidents.reportTo != null) {
                incidents.reportTo.tell(snapshot(null, null, false));
                incidents.reportTo = null;
            }
            return this;
        }
        if (msg instanceof VcpuActor.Start || msg instanceof VcpuActor.Continue) {
            return run();
        }
        if (msg instanceof VcpuActor.Wake) {
            return onWake();
        }
        if (msg instanceof VcpuActor.Report report) {
            return onReport(report);
        }
        return null;
    }

    /** Runs the next slice once the messages already queued for this vCPU's actor were handled. */
    private void continueLater() {
        if (next == null) {
            next = new VcpuActor.Continue(index());
        }
        self.tell(next);
    }

    private Vcpu run() {
        if (finished || stopped()) {
            return this;
        }

        int slice = group.sliceInstructions();
        long budget = group.maxInstructions();
        for (int i = 0; i < slice; i++) {
            if (instructions >= budget) {
                return finish(Fault.LIMIT, "instruction budget of " + budget + " exhausted");
            }
            switch (cpu.step()) {
                case RETIRED -> {
                    retire();
                    if (cpu.spinning()) {
                        return spin();
                    }
                }
                case HALTED -> {
                    retire();
                    return finish(null, null);
                }
                case FAULT -> {
                    return finish(cpu.fault(), cpu.faultDetail());
                }
                case VE -> {
                    return takeVe();
                }
                case MMIO -> {
                    return takeMmio();
                }
                case HALT_CALL -> {
                    return takeHalt();
                }
                case TURN -> {
                    turns++;
                    if (loop != null) {
                        loop.passTurns++;
                    }
                    run.vmm().tell(new MemoryTurn(index(), turns, vt, self, passSpin()));
                    return this;
                }
            }
        }
        return yieldSlice();
    }

    /**
     * PAUSE in a spin loop waits as long as {@link #PAUSE_INSTRUCTIONS} instructions and gives the
     * thread up, so the vCPU it waits for (and the VMM serving that one) get to run sooner; in
     * stress mode a spinner otherwise burns its budget while the holder waits for an answer.
     */
    private Vcpu spin() {
        vt += (PAUSE_INSTRUCTIONS - 1) * costs().instructionNs();
        if (costs().memoryEvents()) {
            if (loop == null) {
                loop = new SpinLoop();
            }
            int preempted = perturbation == null ? 0 : perturbation.taken();
            loop.passRepeats = loop.repeats(cpu.registers(), cpu.changedStores(), seq, vt, instructions)
                    && loop.passTurns == 1 && preempted == loop.preemptionsAtPause;
            loop.preemptionsAtPause = preempted;
            loop.passStart = true;
            loop.passTurns = 0;
        } else {                           // stress mode: no turns keep spinners in step, the clocks do
            skipChangelessPasses();
            clocks().note(index(), vt);
            if (clocks().ahead(index(), vt)) {
                return waitForSlowest();
            }
        }
        continueLater();
        return this;
    }

    /**
     * The first turn of a pass after PAUSE says so: if the pass before changed nothing, with its
     * cost and how many such passes the instruction budget holds, for the engine to skip
     * ({@link VmmActor.SpinTurnGranted}). Null for any other turn.
     */
    private MemoryTurn.Spin passSpin() {
        if (loop == null || !loop.passStart) {
            return null;
        }
        loop.passStart = false;
        if (!loop.passRepeats) {
            return MemoryTurn.Spin.START;
        }
        long budgetPasses = (group.maxInstructions() - instructions) / loop.periodInstructions();
        return new MemoryTurn.Spin(loop.periodNs(), budgetPasses,
                perturbation == null ? Long.MAX_VALUE : perturbation.nextPoint(), 0);
    }

    /** The engine accounted for {@code passes} repeats of the last pass: their time and instructions, then the turn. */
    private Vcpu onSpinTurn(long passes) {
        if (!finished && !stopped()) {
            vt += passes * loop.periodNs();
            instructions += passes * loop.periodInstructions();
            loop.skipped(passes);
        }
        return onTurn();
    }

    /**
     * A spin loop that went round without changing anything goes round the same way until another
     * vCPU writes: its passes up to the edge of the quantum are accounted for at once (time and
     * instructions), as if executed before the others moved; the pass after them reads memory
     * again. A thousand spinners would otherwise spend the run executing PAUSE loops.
     */
    private void skipChangelessPasses() {
        if (loop == null) {
            loop = new SpinLoop();
        }
        if (!loop.repeats(cpu.registers(), cpu.changedStores(), seq, vt, instructions)) {
            return;
        }
        long passes = Math.min(clocks().passesWithin(index(), vt, loop.periodNs()),
                (group.maxInstructions() - instructions) / loop.periodInstructions());
        if (passes > 0) {
            vt += passes * loop.periodNs();
            instructions += passes * loop.periodInstructions();
            loop.skipped(passes);
        }
    }

    /** Too far ahead: report to the engine, sleep until another vCPU publishes, then look again. */
    private Vcpu waitForSlowest() {
        clocks().publish(index(), vt);      // it may be the one the others wait for
        reportedVt = vt;
        run.vmm().tell(new VmmActor.Progress(index(), vt + costs().gateNs() + costs().halfTransitionNs()));
        throttled = true;
        clocks().await(index(), vt, self.narrow());
        return this;
    }

    private Vcpu onWake() {
        if (!throttled || finished || stopped()) {
            return this;                    // a stale wake-up: this vCPU is already running
        }
        throttled = false;
        if (clocks().ahead(index(), vt)) {
            throttled = true;
            clocks().await(index(), vt, self.narrow());
            return this;
        }
        return run();
    }

    /**
     * Publishes this vCPU's virtual time for spinners (stress mode). Every call and every end is
     * published from the run's first on: a call or an end missing from the clocks would leave
     * that vCPU looking stuck at its old time, and spinners would wait for it for ever.
     */
    private void publishClock(long now) {
        if (!costs().memoryEvents()) {
            clocks().publish(index(), now);
        }
    }

    private Vcpu yieldSlice() {
        publishClock(vt);
        if (!costs().memoryEvents() && vt - reportedVt >= PROGRESS_EVERY_NS) {
            // A slice without an exit (a spin on a lock in RAM, say): tell the engine where this
            // vCPU is, or the bound from its last answer would hold back every other call. Not
            // on every yield: a spinner would flood the VMM's mailbox ahead of the answers.
            reportedVt = vt;
            run.vmm().tell(new VmmActor.Progress(index(), vt + costs().gateNs() + costs().halfTransitionNs()));
        }
        continueLater();
        return this;
    }

    /**
     * The engine's turn came: run the one instruction that stopped for it, tell the engine where
     * this vCPU's virtual time is after it (before any call the instruction leads to), go on.
     */
    private Vcpu onTurn() {
        if (finished || stopped()) {
            run.vmm().tell(new VmmActor.MemoryDone(index(), vt));  // frees the engine for the others
            return this;
        }
        cpu.holdTurn(true);
        if (incidents != null && incidents.fixupFault != null) {
            Fault fault = incidents.fixupFault;
            incidents.fixupFault = null;
            openTurn();
            return applyFixup(fault, incidents.fixupDetail);
        }
        long storesBefore = cpu.changedStores();
        Interpreter.Stop s = cpu.step();
        if (s == Interpreter.Stop.VE) {
            openTurn();                      // the handler runs in the turn; takeVe ends it
            return takeVe();
        }
        cpu.holdTurn(false);
        if (s == Interpreter.Stop.RETIRED || s == Interpreter.Stop.HALTED) {
            retire();
        }
        run.vmm().tell(new VmmActor.MemoryDone(index(), vt, cpu.changedStores() != storesBefore));
        if (s == Interpreter.Stop.RETIRED && cpu.spinning()) {
            return spin();
        }
        return switch (s) {
            case RETIRED, TURN -> run();
            case HALTED -> finish(null, null);
            case FAULT -> finish(cpu.fault(), cpu.faultDetail());
            case VE -> takeVe();
            case MMIO -> takeMmio();
            case HALT_CALL -> takeHalt();
        };
    }

    private void openTurn() {
        turnOpen = true;
        turnEndVt = vt;
    }

    /**
     * Ends a turn kept open past its instruction, at the instruction's virtual time as if it had
     * ended there: the engine orders every other event exactly as without the handler in it.
     */
    private void closeTurn() {
        if (turnOpen) {
            turnOpen = false;
            cpu.holdTurn(false);
            run.vmm().tell(new VmmActor.MemoryDone(index(), turnEndVt));
        }
    }

    private Vcpu takeMmio() {
        long exitVt = vt;
        vt += costs().gateNs();
        return call(exitVt, cpu.pendingSize(), cpu.pendingWrite(), cpu.pendingGpa(), cpu.pendingData(), cpu.pendingPort());
    }

    private void retire() {
        instructions++;
        vt += costs().instructionNs();
        if (perturbation != null) {
            vt += perturbation.preemptionAt(vt);     // the host descheduled this vCPU here
        }
    }

    private Vcpu takeVe() {
        long exitVt = vt;
        vt += costs().veNs();
        if (decision == null) {
            decision = new VeDecision();
        }
        VeDecision d = group.handler().onVe(cpu.veInfo(decision.ve), cpu, decision);
        if (d.log != null) {
            incidents().lastLog = d.log;
        }
        if (d.isFault()) {
            return faultOrFixup(d.fault, d.detail);
        }
        closeTurn();                         // before the call, which the engine orders after it
        return call(exitVt, d.size, d.write, d.gpa, d.data, d.port);
    }

    /**
     * ve_raise_fault() in the kernel: an exception-table entry for the faulting instruction
     * turns an oops into a jump to its fixup (as load_unaligned_zeropad() relies on).
     */
    private Vcpu faultOrFixup(Fault fault, String detail) {
        if (fault == Fault.OOPS && !turnOpen && costs().memoryEvents()) {
            long word = KernelFixup.readsAt(group, cpu, cpu.veInfo().gla());
            if (word != KernelFixup.NO_READ && cpu.readNeedsTurn(word, 8)) {
                // a fixup after the call (or of a #VE outside a turn) reads shared RAM: a turn of its own
                Incidents met = incidents();
                met.fixupFault = fault;
                met.fixupDetail = detail;
                turns++;
                run.vmm().tell(new MemoryTurn(index(), turns, vt, self));
                return this;
            }
        }
        return applyFixup(fault, detail);
    }

    private Vcpu applyFixup(Fault fault, String detail) {
        long fixup = fault == Fault.OOPS ? KernelFixup.resume(group, cpu, cpu.veInfo().gla()) : VcpuSpec.NO_FIXUP;
        closeTurn();
        if (fixup == VcpuSpec.NO_FIXUP) {
            return finish(fault, detail);
        }
        RegisterFile regs = cpu.registers();
        Incidents met = incidents();
        met.fixups++;
        met.lastLog = String.format("fixup at 0x%x -> 0x%x after: %s", regs.rip, fixup, detail);
        cpu.abandonInstruction();
        regs.rip = fixup;
        return run();
    }

    /**
     * @param exitVt when the exit began (the #VE, or the TDCALL)
     * @param port   Instruction.IO to port {@code gpa}, not #VE.RequestMMIO
     */
    private Vcpu call(long exitVt, int size, boolean write, long gpa, long data, boolean port) {
        seq++;
        if (perturbation != null) {
            vt += perturbation.preemptionAt(vt) + perturbation.jitter();
        }
        // After the host's delay: spinners wait for this time, and their progress then reaches
        // past the call's arrival, which lets the engine start it (published earlier, a long
        // preemption would leave the call and the spinners each waiting for the other).
        publishClock(vt);
        long callVt = costs().arrival(vt);
        if (run.timesWall()) {
            sentWall = System.nanoTime();
        }
        TdVmCall c = callCarrier();
        run.vmm().tell(port ? c.asIo(index(), seq, exitVt, callVt, size, write, (int) gpa, data, self)
                : c.asMmio(index(), seq, exitVt, callVt, size, write, gpa, data, self));
        return this;
    }

    /**
     * The run is stopping. A finished vCPU's figures are final; a running one freezes, tells the
     * VMM (after any call it sent) and reports once the VMM's answers before that have arrived.
     */
    private Vcpu onReport(VcpuActor.Report report) {
        if (finished || stopped()) {
            report.replyTo().tell(snapshot(null, null, finished));
            return this;
        }
        Incidents met = incidents();
        met.stopped = true;
        met.reportTo = report.replyTo();
        publishClock(SpinClocks.DONE);
        run.vmm().tell(new VmmActor.Stopped(index(), self));
        return this;
    }

    /** Refilled only once the previous call was answered: the VMM keeps no reference past its answer. */
    private TdVmCall callCarrier() {
        if (exitCall == null) {
            exitCall = new TdVmCall();
        }
        return exitCall;
    }

    private Vcpu onResult(TdVmCallResult r) {
        if (run.timesWall()) {
            run.observer().exitWallNanos(System.nanoTime() - sentWall);
        }
        if (r.vectors() != null) {
            for (int v : r.vectors()) {
                cpu.interrupts().post(v);   // taken at the next instruction boundary IF allows
            }
        }
        if (halting) {
            return onHaltAnswer(r);
        }
        long resume = costs().resume(vt, r.vt());
        exits++;
        if (!r.ok()) {
            incidents().failedExits++;
        }
        VeHandler handler = group.handler();
        boolean write = handler != null ? decision.write : cpu.pendingWrite();
        int size = handler != null ? decision.size : cpu.pendingSize();
        long gpa = handler != null ? decision.gpa : cpu.pendingGpa();
        long exitVt = exitCall.exitVt();
        long callVt = exitCall.vt();
        long waited = (r.vmmStartVt() - callVt)
                + (r.deviceStartVt() < 0 ? 0 : r.deviceStartVt() - r.vmmStartVt() - costs().vmmNs());
        waitNs += waited;
        maxWaitNs = Math.max(maxWaitNs, waited);
        run.observer().exitCompleted(index(), r.seq(), r.device(), write, size, gpa, exitVt, callVt,
                r.vmmStartVt(), r.deviceStartVt(), r.vt(), resume, r.r10());
        vt = resume;
        if (handler != null) {
            handler.complete(decision, r.r10(), r.r11(), cpu.registers());
            cpu.abandonInstruction();
            if (decision.isFault()) {
                return faultOrFixup(decision.fault, decision.detail);
            }
            retire();
        } else {
            cpu.completeMmio(r.r11());
        }
        return run();
    }

    /**
     * HLT with interrupts enabled (the #VE handler's TDVMCALL, or none for a profile whose
     * handler refuses it) or TDCALL Instruction.HLT: the VMM answers once an interrupt is
     * pending for this vCPU, or when nothing is left that could send one.
     */
    private Vcpu takeHalt() {
        long exitVt = vt;
        // HLT is a #VE whatever guest.mmio-path says; only the CPU of `architectural` just sleeps
        boolean ve = cpu.haltViaVe() && group.profile() != HandlerProfile.ARCHITECTURAL;
        if (ve) {
            vt += costs().veNs();
            String refusal = group.profile().refusesHaltWithInterrupts();
            if (refusal != null) {
                return finish(Fault.OOPS, String.format("hlt at 0x%x: %s", cpu.registers().rip, refusal));
            }
        } else {
            vt += costs().gateNs();
        }
        halting = true;
        publishClock(SpinClocks.DONE);       // asleep, it holds no spinner back; it publishes again once woken
        seq++;
        run.vmm().tell(callCarrier().asHlt(index(), seq, exitVt, costs().arrival(vt), cpu.haltBlocked(),
                cpu.interrupts().pendingForHalt(), self));
        return this;
    }

    private Vcpu onHaltAnswer(TdVmCallResult r) {
        halting = false;
        exits++;
        if (!r.ok()) {
            incidents().failedExits++;
        }
        vt = costs().resume(vt, r.vt());
        cpu.completeHalt(r.r10());
        retire();
        if (r.idle()) {
            incidents().lastLog = "halted with interrupts enabled: nothing left could wake it";
            return finish(null, null);
        }
        return run();
    }

    private Vcpu finish(Fault fault, String detail) {
        publishClock(SpinClocks.DONE);
        finished = true;
        run.vmm().tell(new VmmActor.VcpuFinished(index(), vt));
        run.done().tell(snapshot(fault, detail, true));
        return this;
    }

    private VcpuResult snapshot(Fault fault, String detail, boolean isFinished) {
        RegisterFile regs = cpu.registers();
        Incidents met = incidents != null ? incidents : NO_INCIDENTS;
        return new VcpuResult(index(), fault, detail, met.lastLog, regs.gpr.clone(), regs.rip, met.fixups, seq,
                exits, met.lateAnswers, met.failedExits, isFinished, instructions, vt, waitNs, maxWaitNs,
                cpu.interruptsTaken());
    }
}
