package io.tdxsim.sim.scenario;

import io.tdxsim.devices.DeviceParams;
import io.tdxsim.vcpu.handler.HandlerProfile;
import io.tdxsim.vmm.UnassignedPolicy;
import java.util.List;
import java.util.Map;

/** A validated scenario: everything a run needs, in plain values. */
public record Scenario(String name, String source, long seed, Mode mode, Guest guest, Costs costs, Vmm vmm,
                       RunLimits run, List<Device> devices, List<Group> groups, Map<String, Program> programs) {

    public enum Mode { STRESS, DETERMINISTIC }

    public record Guest(int gpaWidth, HandlerProfile handler, boolean directHypercall, long ramBytes) { }

    public record Costs(long instructionNs, long veNs, long tdvmcallNs, long vmmNs, long deviceServiceNs) { }

    public record Vmm(int routers, UnassignedPolicy unassigned) { }

    public record RunLimits(long maxInstructions, int slice, int dispatcherThreads, long timeoutMs) { }

    /** A device entry; exactly one of {@code model} and {@code className} is set. */
    public record Device(String name, String model, String className, long base, long size, long serviceNs,
                         DeviceParams params, String where) { }

    /** A vCPU group; exactly one of {@code program} and {@code workload} is set. */
    public record Group(int count, String program, Workload workload, boolean userMode, long[] registers,
                        String where) { }

    public record Workload(List<String> targets, List<Long> offsets, double readFraction, List<Integer> sizes,
                           long exits, int think) { }

    /**
     * Program text and where it was written, for assembler errors: the file line its first line
     * sits on, and whether all of it sits on that one line (a quoted string with \n escapes).
     */
    public record Program(String text, String file, int firstLine, boolean onOneLine) {

        /** The file line of program line {@code programLine} (1-based). */
        public int fileLine(int programLine) {
            return onOneLine ? firstLine : firstLine + programLine - 1;
        }
    }

    public int vcpuCount() {
        return groups.stream().mapToInt(Group::count).sum();
    }
}
