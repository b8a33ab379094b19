package io.tdxsim.sim.run;

import io.tdxsim.sim.scenario.Scenario;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a stress run leaves behind so it can be replayed: the fully resolved scenario and, per
 * kept run, the order in which each device served calls, plus the outcome the run produced.
 */
public final class ReplayRecording {

    public static final String SCENARIO_FILE = "scenario.conf";
    static final String MAGIC = "tdxsim-schedule/2";

    /**
     * One recorded run: its outcome, and per device (in scenario device order) the order it served
     * calls in and its final state as the summary prints it.
     */
    public record Recorded(int run, String key, String grade, List<String> devices, long[][] schedules,
                           List<String> states) { }

    private ReplayRecording() {
    }

    public static String fileName(int run) {
        return "schedule-" + run + ".bin";
    }

    /**
     * The files a campaign leaves for replay, by name: scenario.conf and one schedule per kept
     * run; empty when no run was kept. The caller writes them (with the reports, all or nothing).
     */
    public static Map<String, Body> contents(Campaign campaign) {
        Map<String, Body> files = new LinkedHashMap<>();
        if (campaign.samples().stream().noneMatch(s -> s.schedules() != null)) {
            return files;
        }
        files.put(SCENARIO_FILE, out -> out.write(campaign.scenario().rendered().getBytes(StandardCharsets.UTF_8)));
        for (Campaign.Sample s : campaign.samples()) {
            if (s.schedules() != null) {
                files.put(fileName(s.run()), raw -> writeSchedule(raw, campaign, s));
            }
        }
        return files;
    }

    private static void writeSchedule(OutputStream raw, Campaign campaign, Campaign.Sample s) throws IOException {
        DataOutputStream out = new DataOutputStream(raw);
        out.writeUTF(MAGIC);
        out.writeInt(s.run());
        out.writeUTF(s.key());
        out.writeUTF(s.grade() == null ? "" : s.grade().name());
        out.writeInt(s.schedules().length);
        for (int d = 0; d < s.schedules().length; d++) {
            out.writeUTF(campaign.scenario().devices().get(d).name());
            out.writeInt(s.schedules()[d].length);
            for (long key : s.schedules()[d]) {
                out.writeLong(key);
            }
            out.writeUTF(s.states().get(d));
        }
        out.flush();
    }

    /**
     * Reads a schedule file. Anything that does not parse as one (truncated, garbage, counts that
     * the file cannot hold) is an IOException naming the file, never a runtime error or a huge
     * allocation.
     */
    public static Recorded read(Path file) throws IOException {
        long size = Files.size(file);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            DataInputStream in = new DataInputStream(raw);
            // compared as bytes: readUTF on a foreign file would take its first bytes as a length
            byte[] magic = ("\0" + (char) MAGIC.length() + MAGIC).getBytes(StandardCharsets.ISO_8859_1);
            if (!java.util.Arrays.equals(magic, in.readNBytes(magic.length))) {
                throw new IOException(file + ": not a tdxsim schedule (expected a schedule-<run>.bin written by run)");
            }
            int run = in.readInt();
            String key = in.readUTF();
            String grade = in.readUTF();
            int devices = countAtMost(in.readInt(), size, 6, file, "device count");
            List<String> names = new ArrayList<>();
            List<String> states = new ArrayList<>();
            long[][] schedules = new long[devices][];
            for (int d = 0; d < devices; d++) {
                names.add(in.readUTF());
                schedules[d] = new long[countAtMost(in.readInt(), size, 8, file, "schedule length")];
                for (int i = 0; i < schedules[d].length; i++) {
                    schedules[d][i] = in.readLong();
                }
                states.add(in.readUTF());
            }
            if (in.read() != -1) {
                throw new IOException(file + ": schedule file is corrupt (bytes after the last schedule)");
            }
            return new Recorded(run, key, grade, names, schedules, states);
        } catch (java.io.EOFException e) {
            throw new IOException(file + ": schedule file is truncated");
        } catch (java.io.UTFDataFormatException e) {
            throw new IOException(file + ": schedule file is corrupt (a name is not valid text)");
        }
    }

    /** A count read from the file, refused if negative or more than the file's bytes could hold. */
    private static int countAtMost(int count, long fileSize, int bytesEach, Path file, String what)
            throws IOException {
        if (count < 0 || (long) count * bytesEach > fileSize) {
            throw new IOException(file + ": schedule file is corrupt (" + what + " " + count + ")");
        }
        return count;
    }

    /** Produces one file's content. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Checks that a recording fits the scenario it will be replayed with. */
    public static void checkFits(Recorded rec, Scenario s) {
        List<String> names = s.devices().stream().map(Scenario.Device::name).toList();
        if (!names.equals(rec.devices())) {
            throw new io.tdxsim.sim.scenario.ScenarioException("replay: recorded devices " + rec.devices()
                    + " do not match the scenario's " + names);
        }
    }
}
