package io.tdxsim.sim.scenario;

import io.tdxsim.devices.DeviceParams;
import io.tdxsim.vcpu.handler.HandlerProfile;
import io.tdxsim.vmm.UnassignedPolicy;
import java.util.List;
import java.util.Map;

/** A validated scenario: everything a run needs, in plain values. */
public record Scenario(String name, String source, long seed, Mode mode, long stressWindowNs,
                       io.tdxsim.vmm.engine.SchedulePlan schedule, Guest guest, Costs costs, Vmm vmm,
                       RunLimits run, List<Device> devices, List<Group> groups, Map<String, Program> programs,
                       Outcomes outcomes, String rendered) {

    /** jcstress-style grades of an outcome. */
    public enum Grade { ACCEPTABLE, ACCEPTABLE_INTERESTING, FORBIDDEN }

    /** One grade rule: the first whose regex matches the whole outcome key wins. */
    public record GradeRule(String id, java.util.regex.Pattern pattern, Grade grade, String description) { }

    /**
     * @param key    template over final state, e.g. "{counter0.value}" or "{vcpu0.rax}"; null: no grading
     * @param repeat how many times the scenario runs
     * @param where  "file:line: " of the key, for problems found once the models are built
     * @param acceptFailures a run whose models failed or whose vCPUs all died still passes
     */
    public record Outcomes(String key, int repeat, List<GradeRule> grades, String where, boolean acceptFailures) {
        public static final Outcomes NONE = new Outcomes(null, 1, List.of(), "", false);
    }

    public enum Mode { STRESS, DETERMINISTIC }

    /** The scenario's `explore` block: seeds to run and how many at once (0: one per processor). */
    public record Explore(int seeds, int jobs, int preemptions) { }

    /** The `explore` block, read with the rest (kept out of the record's components to stay compact). */
    public Explore explore() {
        com.typesafe.config.Config c = com.typesafe.config.ConfigFactory.parseString(rendered).getConfig("tdxsim.explore");
        return new Explore(c.getInt("seeds"), c.getInt("jobs"), c.getInt("preemptions"));
    }

    /**
     * The scenario's `cluster` block.
     *
     * @param coordinator where an explore coordinator listens; null: explore runs in one JVM
     * @param workers     how many worker nodes a split run (run --cluster) spreads its vCPUs over
     */
    public record Cluster(HostPort coordinator, long joinTimeoutMs, int workers) { }

    /** The `cluster` block, read like {@link #explore()}. */
    public Cluster cluster() {
        com.typesafe.config.Config c = com.typesafe.config.ConfigFactory.parseString(rendered).getConfig("tdxsim.cluster");
        String at = c.getString("coordinator");
        return new Cluster(at.isBlank() ? null : HostPort.parse(at),
                c.getDuration("join-timeout", java.util.concurrent.TimeUnit.MILLISECONDS), c.getInt("workers"));
    }

    /** {@code stress.window = unbounded}: calls start in arrival order, as the host delivered them. */
    public static final long UNBOUNDED_WINDOW = io.tdxsim.vmm.VmmSettings.FREE;

    /** The engine's window W for this run: 0 in deterministic mode, {@code stress.window} in stress mode. */
    public long windowNs() {
        return mode == Mode.DETERMINISTIC ? 0 : stressWindowNs;
    }

    /** @param pages the shared/private attribute of pages beyond guest.ram (guest.pages) */
    public record Guest(int gpaWidth, HandlerProfile handler, boolean directHypercall, long ramBytes,
                        io.tdxsim.vcpu.PageAttributes pages) { }

    public record Costs(long instructionNs, long veNs, long tdvmcallNs, long vmmNs, long deviceServiceNs) { }

    /**
     * @param deviceTimeoutNs   virtual time the VMM waits for a device's answer (0: forever)
     * @param restartAfterCalls crash and restart the VMM after this many calls (0: never)
     * @param loseAnswerEvery   the VMM loses every Nth answer on its way (0: never), to see the accounting catch it
     */
    public record Vmm(int routers, UnassignedPolicy unassigned, long deviceTimeoutNs, long restartAfterCalls,
                      long loseAnswerEvery, boolean strictAccesses, UnassignedPolicy unassignedPorts) { }

    /**
     * @param traceExits        how many exits the run keeps for trace.json and the report's charts
     * @param durationMs        planned wall-clock length (0: none)
     * @param virtualDurationNs planned virtual-time length: the run's horizon (0: none)
     * @param dispatcherExecutor the actor dispatcher's executor: fork-join, thread-pool, affinity-pool or spin-pool
     * @param vcpuActors the actors the vCPUs are spread over (run.vcpu-actors; 0: one per vCPU)
     * @param servingThreads threads of the VMM's and devices' own dispatcher (run.serving-threads; 0: none)
     * @param servingAboveVcpus only a run of more vCPUs than this gets them (run.serving-above-vcpus)
     */
    public record RunLimits(long maxInstructions, int slice, int dispatcherThreads, long timeoutMs, int traceExits,
                            int recordSchedule, long durationMs, long sampleIntervalMs, long virtualDurationNs,
                            String dispatcherExecutor, int dispatcherThroughput, int vcpuActors,
                            int servingThreads, int servingAboveVcpus) { }

    /**
     * A device entry; exactly one of {@code model} and {@code className} is set. A port device
     * ({@code port}) sits in the I/O port space: {@code base} is its first port, {@code size} its
     * number of ports.
     */
    /** @param interrupts where the device's interrupts go, or null (counted, delivered nowhere) */
    public record Device(String name, String model, String className, long base, long size, boolean port,
                         long serviceNs, DeviceParams params, io.tdxsim.vmm.DeviceFaults faults,
                         io.tdxsim.vmm.InterruptRouter.Route interrupts, String where) { }

    /** A vCPU group; exactly one of {@code program} and {@code workload} is set. */
    public record Group(int count, String program, Workload workload, boolean userMode, long[] registers,
                        String where) { }

    public record Workload(List<String> targets, List<Long> offsets, double readFraction, List<Integer> sizes,
                           long exits, int think) { }

    /**
     * Program text and where it was written, for assembler errors: the file line its first line
     * sits on, and whether all of it sits on that one line (a quoted string with \n escapes).
     */
    public record Program(String text, String file, int firstLine, boolean onOneLine, Language language,
                          String cflags, String where) {

        /** Assembly in tdxsim's dialect, C compiled by the system gcc, or a prebuilt ELF (text is its path). */
        public enum Language { ASM, C, ELF }

        /** Assembly. */
        public Program(String text, String file, int firstLine, boolean onOneLine) {
            this(text, file, firstLine, onOneLine, Language.ASM, null, null);
        }

        /** The file line of program line {@code programLine} (1-based). */
        public int fileLine(int programLine) {
            return onOneLine ? firstLine : firstLine + programLine - 1;
        }
    }

    public int vcpuCount() {
        return groups.stream().mapToInt(Group::count).sum();
    }
}
