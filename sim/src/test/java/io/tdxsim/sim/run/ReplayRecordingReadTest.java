package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A corrupt schedule file is refused with one message naming the file, never a runtime error. */
class ReplayRecordingReadTest {

    @TempDir
    Path tmp;

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    /** A valid header up to the device count, then {@code devices} and {@code length} as given. */
    private static byte[] schedule(int devices, int length, int entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeUTF(ReplayRecording.MAGIC);
        out.writeInt(0);
        out.writeUTF("7");
        out.writeUTF("ACCEPTABLE");
        out.writeInt(devices);
        if (devices > 0) {
            out.writeUTF("dev0");
            out.writeInt(length);
            for (int i = 0; i < entries; i++) {
                out.writeLong(i);
            }
            if (entries == length) {
                out.writeUTF("value=7");                 // the device's final state
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    private String refusal(Path file) {
        return assertThrows(IOException.class, () -> ReplayRecording.read(file)).getMessage();
    }

    @Test
    void aWellFormedFileReads() throws IOException {
        ReplayRecording.Recorded rec = ReplayRecording.read(write("schedule-0.bin", schedule(1, 2, 2)));
        assertEquals("7", rec.key());
        assertEquals(2, rec.schedules()[0].length);
        assertEquals(java.util.List.of("value=7"), rec.states());
    }

    @Test
    void garbageIsNotASchedule() throws IOException {
        Path f = write("schedule-0.bin", "hello, this is not a schedule".getBytes());
        assertEquals(f + ": not a tdxsim schedule (expected a schedule-<run>.bin written by run)", refusal(f));
    }

    @Test
    void aNegativeDeviceCountIsCorrupt() throws IOException {
        Path f = write("schedule-0.bin", schedule(-3, 0, 0));
        assertEquals(f + ": schedule file is corrupt (device count -3)", refusal(f));
    }

    @Test
    void aLengthTheFileCannotHoldIsCorruptNotAHugeAllocation() throws IOException {
        Path f = write("schedule-0.bin", schedule(1, Integer.MAX_VALUE, 0));
        assertEquals(f + ": schedule file is corrupt (schedule length 2147483647)", refusal(f));
    }

    @Test
    void aTruncatedFileIsNamed() throws IOException {
        byte[] whole = schedule(1, 4, 4);
        Path f = write("schedule-0.bin", java.util.Arrays.copyOf(whole, whole.length - 5));
        assertEquals(f + ": schedule file is truncated", refusal(f));
    }

    @Test
    void trailingBytesAreCorrupt() throws IOException {
        byte[] whole = schedule(1, 1, 1);
        Path f = write("schedule-0.bin", java.util.Arrays.copyOf(whole, whole.length + 3));
        assertEquals(f + ": schedule file is corrupt (bytes after the last schedule)", refusal(f));
    }
}
