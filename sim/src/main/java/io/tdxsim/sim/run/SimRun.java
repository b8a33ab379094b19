package io.tdxsim.sim.run;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tdxsim.devices.DeviceCatalog;
import io.tdxsim.devices.DeviceConfigException;
import io.tdxsim.devices.MmioDevice;
import io.tdxsim.sim.scenario.Problems;
import io.tdxsim.sim.scenario.Scenario;
import io.tdxsim.sim.scenario.ScenarioException;
import io.tdxsim.vcpu.AddressSpace;
import io.tdxsim.vcpu.TdMemory;
import io.tdxsim.vcpu.VcpuGroup;
import io.tdxsim.vcpu.VcpuSpec;
import io.tdxsim.vmm.AddressMap;
import io.tdxsim.vmm.DeviceStats;
import io.tdxsim.vmm.VmmSettings;
import io.tdxsim.vmm.VmmStats;
import io.tdxsim.vmm.engine.CostModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds a scenario's parts, runs them on an actor system and returns the results. */
public final class SimRun {

    private SimRun() {
    }

    /** Instantiates devices and assembles programs; throws ScenarioException listing every problem. */
    static Wiring wire(Scenario s) {
        Problems problems = new Problems();
        List<Wiring.DeviceInstance> devices = new ArrayList<>();
        AddressMap.Builder<String> map = AddressMap.builder();
        for (int i = 0; i < s.devices().size(); i++) {
            Scenario.Device d = s.devices().get(i);
            String key = "tdxsim.devices[" + i + "]";
            try {
                java.util.function.Supplier<MmioDevice> factory = () -> d.model() != null
                        ? DeviceCatalog.builtIn(d.model()).create(d.params())
                        : DeviceCatalog.load(d.className(), d.params(), SimRun.class.getClassLoader());
                if (!d.port() && Long.compareUnsigned(d.base() + d.size() - 1, AddressSpace.STACK_REGION) >= 0
                        && Long.compareUnsigned(d.base(), AddressSpace.IMAGE_REGION + AddressSpace.IMAGE_BYTES) < 0) {
                    problems.addRaw(d.where() + key + ".base: overlaps the vCPU stacks and program image at guest-physical 0x"
                            + Long.toHexString(AddressSpace.STACK_REGION) + "-0x"
                            + Long.toHexString(AddressSpace.IMAGE_REGION + AddressSpace.IMAGE_BYTES - 1)
                            + " (expected a base outside it)");
                    continue;
                }
                MmioDevice model = factory.get();
                devices.add(new Wiring.DeviceInstance(d.name(), model, factory, d.base(), d.size(), d.port(),
                        d.serviceNs(), d.faults(), d.interrupts()));
                if (d.port()) {
                    map.addPorts(d.name(), d.base(), d.size(), d.name());
                } else {
                    map.add(d.name(), d.base(), d.size(), d.name());
                }
            } catch (DeviceConfigException e) {
                problems.addRaw(deviceProblem(d, key, e.getMessage()));
            } catch (RuntimeException e) {
                problems.addRaw(d.where() + key + ": device could not be built: " + e);
            }
        }
        try {
            map.build();
        } catch (AddressMap.AddressMapException e) {
            problems.addRaw(s.source() + ": tdxsim.devices: " + e.getMessage());
        }
        ModelChecks.check(s, devices, problems);
        List<List<GuestCode>> code = ProgramBuilder.build(s, problems);
        GuestCode image = oneImage(s, code, problems);
        problems.throwIfAny();

        // A program can reach RAM the other vCPUs share; in deterministic mode each such access is
        // an engine event, and the engine's lookahead must know that events can come at any time.
        boolean memoryEvents = s.mode() == Scenario.Mode.DETERMINISTIC
                && s.groups().stream().anyMatch(g -> g.program() != null);
        CostModel costs = new CostModel(s.costs().instructionNs(), s.costs().veNs(), s.costs().tdvmcallNs(),
                s.costs().vmmNs(), s.guest().directHypercall(), memoryEvents);
        TdMemory memory = new TdMemory(s.vcpuCount(), s.guest().pages());   // one per TD: every vCPU sees the same RAM
        if (image != null) {
            image.data().forEach(seg -> memory.write(seg.gpa(), seg.bytes()));   // C globals, loaded once
        }
        io.tdxsim.vmm.engine.Perturbation[] perturbations = s.schedule().perturbations(s.vcpuCount());
        List<List<VcpuGroup>> groupVariants = new ArrayList<>();
        int[] firsts = new int[s.groups().size() + 1];
        for (int g = 0; g < s.groups().size(); g++) {
            Scenario.Group group = s.groups().get(g);
            List<VcpuGroup> variants = new ArrayList<>();
            for (GuestCode guest : code.get(g)) {       // one shared part per program variant, not per vCPU
                long[] regs = group.registers() == null ? null : Arrays.copyOf(group.registers(), 16);
                // main(int vcpu) gets the vCPU's index in RDI unless the scenario set RDI
                boolean indexInRdi = guest.compiled() && (regs == null || regs[7] == 0);
                variants.add(VcpuGroup.of(guest.code(), group.userMode(), s.guest().handler(), s.guest().gpaWidth(),
                        s.guest().ramBytes(), regs, indexInRdi, costs, s.run().maxInstructions(), s.run().slice(),
                        guest.extable(), memory));
            }
            groupVariants.add(variants);
            firsts[g + 1] = firsts[g] + group.count();
        }
        List<VcpuSpec> vcpus = new VcpuSpecs(groupVariants, firsts, perturbations);
        VmmSettings vmm = new VmmSettings(s.guest().gpaWidth(), s.vmm().unassigned(), s.windowNs(), vcpus.size(),
                s.vmm().routers(), costs, s.vmm().deviceTimeoutNs(), s.vmm().restartAfterCalls(),
                s.run().virtualDurationNs(), s.vmm().loseAnswerEvery(), s.schedule(), s.vmm().strictAccesses(),
                s.vmm().unassignedPorts());
        int scheduleLimit = s.mode() == Scenario.Mode.STRESS ? s.run().recordSchedule() : 0;
        // A concurrent device is served by a pool in stress mode. In deterministic mode it is one
        // instance, so the model sees calls in release order; it still has no virtual-time queue.
        int pool = s.mode() == Scenario.Mode.DETERMINISTIC ? 1 : DispatcherSetting.of(s).resolvedThreads();
        return new Wiring(devices, vmm, vcpus, new ExitRecorder(devices.size(), s.run().traceExits()),
                scheduleLimit, null, pool, null, new io.tdxsim.vcpu.DeviceDma(memory, s.guest().gpaWidth()), null,
                s.run().vcpuActors());
    }

    /**
     * A parameter error already names its key and, as HOCON describes it ("file: line: "), where
     * the value was set; any other error is about the model or class the entry names.
     */
    private static String deviceProblem(Scenario.Device d, String key, String message) {
        int at = message.indexOf(key + ".params.");
        if (at < 0) {
            return d.where() + key + (d.model() != null ? ".model" : ".class") + ": " + message;
        }
        Matcher described = DESCRIBED_LINE.matcher(message.substring(0, at));
        String where = described.matches() ? described.group(1) + ":" + described.group(2) + ": " : d.where();
        return where + message.substring(at);
    }

    private static final Pattern DESCRIBED_LINE = Pattern.compile("(.+): (\\d+): ");

    /**
     * The C program (or ELF) of the run, if any: a TD holds one kernel image, so two different
     * ones would claim the same data addresses.
     */
    private static GuestCode oneImage(Scenario s, List<List<GuestCode>> code, Problems problems) {
        GuestCode image = null;
        String first = null;
        for (int g = 0; g < code.size(); g++) {
            for (GuestCode c : code.get(g)) {
                if (!c.compiled() || c == image) {
                    continue;
                }
                if (image != null) {
                    problems.addRaw(s.groups().get(g).where() + "tdxsim.vcpus[" + g + "].program: a second C program or ELF ("
                            + s.groups().get(g).program() + " after " + first + "); a TD holds one kernel image,"
                            + " so every C group must run the same program");
                    return image;
                }
                image = c;
                first = s.groups().get(g).program();
            }
        }
        return image;
    }

    /** Checks a scenario as far as possible without starting anything. */
    public static void validate(Scenario s) {
        wire(s);
    }

    /** Stops the run in progress, from another thread (a signal handler); it ends incomplete. */
    public static void interrupt() {
        Simulator.stopActive();
    }

    /** Runs the scenario once. */
    public static RunResult run(Scenario s) {
        return run(s, null);
    }

    /** Runs {@code s} once, keeping {@code progress} (if not null) up to date while it runs. */
    public static RunResult run(Scenario s, RunProgress progress) {
        Simulator.clearStop();
        try (Simulator sim = new Simulator(s)) {
            return sim.run(wire(s).watchedBy(progress));
        }
    }

    /** Runs the scenario {@code outcomes.repeat} times and grades every run. */
    public static Campaign campaign(Scenario s) {
        return campaign(s, null);
    }

    /** As {@link #campaign(Scenario)}, keeping {@code progress} up to date for the run in progress. */
    public static Campaign campaign(Scenario s, RunProgress progress) {
        Simulator.clearStop();
        return Campaign.run(s, progress, null);
    }

    /**
     * As {@link #campaign(Scenario, RunProgress)}, each run split over {@code cluster}'s nodes:
     * the VMM, devices and first vCPUs here, the other vCPUs on the workers.
     */
    public static Campaign campaign(Scenario s, RunProgress progress, SplitRun cluster) {
        Simulator.clearStop();
        return Campaign.run(s, progress, cluster);
    }


    /** Runs the scenario once with every device serving calls in a recorded order. */
    public static RunResult replay(Scenario s, long[][] schedules) {
        Wiring wiring = wire(s);
        if (schedules.length != wiring.devices().size()) {
            throw new ScenarioException("replay: the recording has " + schedules.length + " device schedules, "
                    + "the scenario " + wiring.devices().size() + " devices");
        }
        Simulator.clearStop();
        try (Simulator sim = new Simulator(s)) {
            return sim.run(wiring.replaying(schedules));
        }
    }

    static RunResult result(Scenario s, Wiring wiring, RunGuardian.Collected collected, long wall,
                            List<RunResult.Sample> samples) {
        List<DeviceStats> devices = Arrays.asList(collected.devices);
        VmmStats vmm = collected.vmm;
        Accounting accounting = Accounting.check(collected.tally, devices, vmm, collected.deadLetters);
        // Held at the horizon, a vCPU's clock can stop short of it (before its call's arrival, or
        // its last progress report), yet nothing was left to happen before it: the run covered it.
        long virtualNs = collected.horizonReached
                ? Math.max(collected.tally.maxVt(), s.run().virtualDurationNs()) : collected.tally.maxVt();
        return new RunResult(s, wall, virtualNs, collected.tally.outcomes(), collected.tally.sample(),
                devices, vmm, wiring.recorder(), collected.tally.finished(), collected.complete, accounting, samples,
                collected.tally.fixups(), new Fairness(collected.tally.perVcpu(), devices));
    }

    /** The actor-system configuration of the scenario's runs (a split run's node starts with it too). */
    public static Config actorConfig(Scenario s) {
        return actorConfig(DispatcherSetting.of(s));
    }

    /** The actor-system configuration of a run, on the given dispatcher. */
    static Config actorConfig(DispatcherSetting dispatcher) {
        return dispatcher.config().withFallback(ConfigFactory.parseString(String.join("\n",
                "akka.loglevel = WARNING",
                "akka.loggers = [\"akka.event.slf4j.Slf4jLogger\"]",
                "akka.logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"",
                "akka.log-dead-letters-during-shutdown = off")))
                .withFallback(ConfigFactory.defaultReference());
    }
}
