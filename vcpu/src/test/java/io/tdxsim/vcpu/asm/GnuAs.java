package io.tdxsim.vcpu.asm;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs GNU binutils as the reference encoder: {@code as --64} in Intel syntax, then
 * {@code objcopy -O binary}. Missing binutils fail the test: a differential test that quietly
 * skips proves nothing.
 */
final class GnuAs {
    private GnuAs() {
    }

    /** Machine code GNU as produces for {@code body} (Intel syntax, no prefixes) at offset 0 of .text. */
    static byte[] assemble(String body) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tdxsim-gas");
            Path source = dir.resolve("prog.s");
            Path object = dir.resolve("prog.o");
            Path binary = dir.resolve("prog.bin");
            Files.writeString(source, ".intel_syntax noprefix\n.text\n" + body + "\n");
            run("as", "--64", "-o", object.toString(), source.toString());
            String relocations = run("objdump", "-r", object.toString());
            if (relocations.contains("RELOCATION RECORDS")) {
                fail("GNU as left relocations, so its bytes are incomplete; keep the corpus self-contained:\n"
                        + relocations);
            }
            run("objcopy", "-O", "binary", "-j", ".text", object.toString(), binary.toString());
            return Files.readAllBytes(binary);
        } catch (IOException e) {
            return fail("cannot run GNU binutils: " + e.getMessage(), e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static String run(String... command) throws IOException {
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("LC_ALL", "C"); // the relocation check reads objdump's English output
            p = pb.start();
        } catch (IOException e) {
            return fail("'" + command[0] + "' is not on PATH. The differential test needs GNU binutils "
                    + "(as, objdump, objcopy); install them, e.g. 'apt-get install binutils'.", e);
        }
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("'" + String.join(" ", command) + "' did not finish in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while running " + command[0]);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            fail("'" + String.join(" ", command) + "' failed with exit code " + p.exitValue() + ":\n" + text);
        }
        return text;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
            for (Path f : all) {
                Files.deleteIfExists(f);
            }
        } catch (IOException ignored) {
            // a stray temp file is harmless
        }
    }
}
