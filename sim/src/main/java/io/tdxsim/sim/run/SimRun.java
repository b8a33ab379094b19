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
import io.tdxsim.vcpu.VcpuSpec;
import io.tdxsim.vmm.AddressMap;
import io.tdxsim.vmm.DeviceStats;
import io.tdxsim.vmm.VmmSettings;
import io.tdxsim.vmm.VmmStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
                MmioDevice model = d.model() != null
                        ? DeviceCatalog.builtIn(d.model()).create(d.params())
                        : DeviceCatalog.load(d.className(), d.params(), SimRun.class.getClassLoader());
                devices.add(new Wiring.DeviceInstance(d.name(), model, d.base(), d.size(), d.serviceNs()));
                map.add(d.name(), d.base(), d.size(), d.name());
            } catch (DeviceConfigException e) {
                problems.addRaw(d.where() + key + (d.model() != null ? ".model" : ".class") + ": " + e.getMessage());
            } catch (RuntimeException e) {
                problems.addRaw(d.where() + key + ": device could not be built: " + e);
            }
        }
        try {
            map.build();
        } catch (AddressMap.AddressMapException e) {
            problems.addRaw(s.source() + ": tdxsim.devices: " + e.getMessage());
        }
        List<List<byte[]>> code = ProgramBuilder.build(s, problems);
        problems.throwIfAny();

        List<VcpuSpec> vcpus = new ArrayList<>(s.vcpuCount());
        for (int g = 0; g < s.groups().size(); g++) {
            Scenario.Group group = s.groups().get(g);
            List<byte[]> variants = code.get(g);
            for (int k = 0; k < group.count(); k++) {
                long[] regs = group.registers() == null ? null : Arrays.copyOf(group.registers(), 16);
                vcpus.add(new VcpuSpec(vcpus.size(), variants.get(k % variants.size()), group.userMode(),
                        s.guest().handler(), s.guest().gpaWidth(), s.guest().ramBytes(), regs,
                        s.costs().instructionNs(), s.costs().veNs(), s.costs().tdvmcallNs(),
                        s.guest().directHypercall(), s.run().maxInstructions(), s.run().slice()));
            }
        }
        VmmSettings vmm = new VmmSettings(s.guest().gpaWidth(), s.costs().vmmNs(), s.vmm().unassigned());
        return new Wiring(devices, vmm, s.vmm().routers(), vcpus, new ExitRecorder(devices.size(), s.run().traceExits()));
    }

    /** Checks a scenario as far as possible without starting anything. */
    public static void validate(Scenario s) {
        wire(s);
    }

    public static RunResult run(Scenario s) {
        return run(s, null);
    }

    /** Runs {@code s}, keeping {@code progress} (if not null) up to date while it runs. */
    public static RunResult run(Scenario s, RunProgress progress) {
        Wiring wiring = wire(s);
        CompletableFuture<RunGuardian.Collected> done = new CompletableFuture<>();
        Behavior<RunGuardian.Command> guardian = RunGuardian.create(wiring, done);
        if (progress != null) {
            progress.attach(wiring.recorder(), wiring.vcpus().size());
            guardian = progress.watch(guardian);
        }
        long start = System.nanoTime();
        ActorSystem<RunGuardian.Command> system = ActorSystem.create(guardian, "tdxsim", actorConfig(s));
        RunGuardian.Collected collected;
        try {
            collected = awaitOrStop(system, done, s.run().timeoutMs());
        } finally {
            system.terminate();
            try {
                system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                Thread.currentThread().interrupt();
            }
        }
        long wall = System.nanoTime() - start;
        List<DeviceStats> devices = Arrays.asList(collected.devices);
        return new RunResult(s, wall, collected.tally.maxVt(), collected.tally.outcomes(), collected.tally.sample(),
                devices, merge(collected.routers), wiring.recorder(), collected.tally.finished(), collected.complete);
    }

    private static RunGuardian.Collected awaitOrStop(ActorSystem<RunGuardian.Command> system,
                                                     CompletableFuture<RunGuardian.Collected> done, long timeoutMs) {
        try {
            return done.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            system.tell(RunGuardian.Finish.INSTANCE);
            try {
                return done.get(30, TimeUnit.SECONDS);
            } catch (Exception again) {
                throw new IllegalStateException("run did not stop after its timeout", again);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("run failed", e.getCause());
        }
    }

    private static VmmStats merge(List<VmmStats> routers) {
        if (routers.size() == 1) {
            return routers.get(0);
        }
        VmmStats all = new VmmStats();
        for (VmmStats r : routers) {
            all.calls += r.calls;
            all.unassignedReads += r.unassignedReads;
            all.unassignedWrites += r.unassignedWrites;
            all.busyNs += r.busyNs;
            r.refusals.forEach((k, v) -> all.refusals.merge(k, v, Long::sum));
            all.dispatchWaitNs.add(r.dispatchWaitNs);
        }
        return all;
    }

    static Config actorConfig(Scenario s) {
        int threads = s.run().dispatcherThreads() > 0 ? s.run().dispatcherThreads()
                : Runtime.getRuntime().availableProcessors();
        return ConfigFactory.parseString(String.join("\n",
                "akka.loglevel = WARNING",
                "akka.loggers = [\"akka.event.slf4j.Slf4jLogger\"]",
                "akka.logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"",
                "akka.log-dead-letters-during-shutdown = off",
                "akka.actor.default-dispatcher.fork-join-executor.parallelism-min = " + threads,
                "akka.actor.default-dispatcher.fork-join-executor.parallelism-max = " + threads,
                "akka.actor.default-dispatcher.throughput = 100"))
                .withFallback(ConfigFactory.defaultReference());
    }
}
