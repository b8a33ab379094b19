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
        String[] lines = output.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = DIAGNOSTIC.matcher(lines[i]);
            if (m.matches()) {
                boolean ours = m.group(1).equals(source);
                String where = ours ? "" : Path.of(m.group(1)).getFileName() + ":" + m.group(2) + ": ";
                int line = ours ? Integer.parseInt(m.group(2)) : expandedAt(lines, i + 1, source);
                return new BuildError(line, "gcc: " + where + "error: " + m.group(3));
            }
            if (first == null && (lines[i].contains("error") || lines[i].contains("undefined reference"))) {
                first = lines[i];
            }
        }
        String text = first != null ? first : output.isBlank() ? "gcc failed" : output.strip().split("\n")[0];
        return new BuildError(0, "gcc: " + text.replace(dir + "/", "").strip());
    }

    /** An error inside tdxsim.h: the program's line whose macro (TDX_DEVICE, say) expanded to it, or 0. */
    private static int expandedAt(String[] lines, int from, String source) {
        for (int i = from; i < lines.length && !DIAGNOSTIC.matcher(lines[i]).matches(); i++) {
            if (lines[i].startsWith(source + ":")) {
                String[] parts = lines[i].substring(source.length() + 1).split(":", 2);
                try {
                    return Integer.parseInt(parts[0]);
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
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
