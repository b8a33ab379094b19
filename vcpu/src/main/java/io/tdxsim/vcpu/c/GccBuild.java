package io.tdxsim.vcpu.c;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds a C program for tdxsim with the system gcc: freestanding, static, no libc, kernel code
 * model (as the kernel builds itself: no red zone, general registers only, no stack protector),
 * linked by tdxsim.ld with start.S, and tdxsim.h on the include path. Every device becomes a
 * {@code TDX_DEVICE_<name>} define holding its linear base address.
 */
public final class GccBuild {

    /** Resources shipped with tdxsim, in vcpu/src/main/resources/tdxsim/. */
    public static final List<String> FILES = List.of("tdxsim.h", "tdxsim.ld", "start.S");
    static final List<String> BASE_FLAGS = List.of("-std=gnu11", "-ffreestanding", "-nostdlib", "-static",
            "-fno-pic", "-no-pie", "-mcmodel=kernel", "-mno-red-zone", "-mgeneral-regs-only",
            "-fno-stack-protector", "-fno-asynchronous-unwind-tables", "-fno-unwind-tables",
            "-Wl,--build-id=none", "-Wl,-z,norelro", "-Wl,--no-warn-rwx-segments");
    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern DIAGNOSTIC = Pattern.compile("^(.*?):(\\d+):(?:\\d+:)? (?:fatal )?error: (.*)$");

    /** Why a build failed: one line, and the source line it names (0 when it names none). */
    public static final class BuildError extends Exception {
        private final int line;

        BuildError(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }

    private GccBuild() {
    }

    /**
     * Compiles and links {@code source} (as {@code name}.c) with {@code cflags} (split at blanks,
     * after tdxsim's own flags so they can override them) and returns the loaded image.
     */
    public static ElfImage build(String name, String source, String cflags, Map<String, Long> devices)
            throws BuildError {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tdxsim-c-");
            for (String f : FILES) {
                try (InputStream in = GccBuild.class.getResourceAsStream("/tdxsim/" + f)) {
                    Files.copy(in, dir.resolve(f));
                }
            }
            Path c = dir.resolve(name + ".c");
            Files.writeString(c, source, StandardCharsets.UTF_8);
            Path elf = dir.resolve(name + ".elf");
            List<String> cmd = new ArrayList<>(List.of("gcc"));
            cmd.addAll(BASE_FLAGS);
            cmd.addAll(Arrays.asList(cflags.trim().isEmpty() ? new String[0] : cflags.trim().split("\\s+")));
            cmd.add("-I" + dir);
            for (Map.Entry<String, Long> d : devices.entrySet()) {
                cmd.add(String.format("-DTDX_DEVICE_%s=0x%xUL", d.getKey(), d.getValue()));
            }
            cmd.addAll(List.of("-T", dir.resolve("tdxsim.ld").toString(), dir.resolve("start.S").toString(),
                    c.toString(), "-lgcc", "-o", elf.toString()));
            Process p;
            try {
                p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new BuildError(0, "cannot run gcc (" + e.getMessage() + "); C programs need the system gcc");
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BuildError(0, "gcc did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw diagnose(new String(out, StandardCharsets.UTF_8), c.toString(), dir.toString());
            }
            try {
                return ElfImage.parse(Files.readAllBytes(elf));
            } catch (ElfImage.BadElf e) {
                throw new BuildError(0, e.getMessage());
            }
        } catch (IOException e) {
            throw new BuildError(0, "cannot build: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildError(0, "interrupted while gcc ran");
        } finally {
            delete(dir);
        }
    }

    /** The first error gcc or the linker printed, with the line when it is in the program. */
    static BuildError diagnose(String output, String source, String dir) {
        String first = null;
        for (String line : output.split("\n")) {
            Matcher m = DIAGNOSTIC.matcher(line);
            if (m.matches()) {
                boolean ours = m.group(1).equals(source);
                String where = ours ? "" : Path.of(m.group(1)).getFileName() + ":" + m.group(2) + ": ";
                return new BuildError(ours ? Integer.parseInt(m.group(2)) : 0, "gcc: " + where + "error: " + m.group(3));
            }
            if (first == null && (line.contains("error") || line.contains("undefined reference"))) {
                first = line;
            }
        }
        String text = first != null ? first : output.isBlank() ? "gcc failed" : output.strip().split("\n")[0];
        return new BuildError(0, "gcc: " + text.replace(dir + "/", "").strip());
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
