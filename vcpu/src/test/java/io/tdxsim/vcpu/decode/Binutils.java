package io.tdxsim.vcpu.decode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GNU as + objdump as an independent x86-64 decoder. A whole batch of byte sequences goes
 * through one {@code as} and one {@code objdump} run.
 */
final class Binutils {

    /** objdump's reading of the bytes at the start of a fragment. */
    record Disassembled(int length, String text) {
        /** objdump found no instruction there. */
        boolean bad() {
            return text.contains("(bad)") || text.startsWith(".byte");
        }
    }

    /**
     * Bytes after each fragment, so that a tool reading further than the fragment sees the same
     * bytes whichever it is; and an instruction never runs into the next fragment's label.
     */
    static final int PADDING = X86Decoder.MAX_LENGTH;
    static final byte PAD_BYTE = (byte) 0xCC;

    // "  1f:\t8b 07                \tmov    eax,DWORD PTR [rdi]"
    private static final Pattern LINE =
            Pattern.compile("^\\s*([0-9a-f]+):\\t((?:[0-9a-f]{2} )*[0-9a-f]{2})\\s*(?:\\t(.*))?$");

    private Binutils() {
    }

    /** Each fragment followed by {@link #PADDING} pad bytes: what both decoders are given. */
    static byte[] padded(byte[] fragment) {
        byte[] code = new byte[fragment.length + PADDING];
        System.arraycopy(fragment, 0, code, 0, fragment.length);
        java.util.Arrays.fill(code, fragment.length, code.length, PAD_BYTE);
        return code;
    }

    /**
     * Disassembles every fragment on its own (each gets a label, and objdump restarts decoding at
     * every symbol) and returns objdump's first instruction of each, in order.
     */
    static List<Disassembled> firstInstructions(List<byte[]> fragments, Path workDir) throws IOException {
        StringBuilder source = new StringBuilder();
        List<Integer> starts = new ArrayList<>();
        int offset = 0;
        for (int i = 0; i < fragments.size(); i++) {
            byte[] code = padded(fragments.get(i));
            starts.add(offset);
            offset += code.length;
            source.append('f').append(i).append(":\n\t.byte ");
            for (int j = 0; j < code.length; j++) {
                source.append(j == 0 ? "" : ",").append("0x").append(Integer.toHexString(code[j] & 0xFF));
            }
            source.append('\n');
        }
        Path asm = workDir.resolve("fragments.s");
        Path object = workDir.resolve("fragments.o");
        Files.writeString(asm, source.toString(), StandardCharsets.US_ASCII);
        run(workDir, "as", "--64", "-o", object.toString(), asm.toString());
        // intel64: decode as an Intel CPU does (TDX is Intel-only), e.g. 66 is ignored on near branches
        String listing = run(workDir, "objdump", "-d", "-M", "intel,intel64", "-w", object.toString());

        Map<Integer, Disassembled> byAddress = new HashMap<>();
        for (String line : listing.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                int length = (m.group(2).length() + 1) / 3;
                String text = m.group(3) == null ? "" : m.group(3).strip();
                byAddress.put(Integer.parseInt(m.group(1), 16), new Disassembled(length, text));
            }
        }
        List<Disassembled> result = new ArrayList<>();
        for (int i = 0; i < fragments.size(); i++) {
            Disassembled d = byAddress.get(starts.get(i));
            if (d == null) {
                throw new AssertionError("objdump printed no instruction at fragment " + i
                        + " (offset 0x" + Integer.toHexString(starts.get(i)) + "); listing format changed?");
            }
            result.add(d);
        }
        return result;
    }

    /** Runs a tool, failing (not skipping) when it is missing: CI installs binutils. */
    private static String run(Path workDir, String... command) throws IOException {
        Path out = workDir.resolve(command[0] + ".out");
        Path err = workDir.resolve(command[0] + ".err");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("GNU binutils '" + command[0] + "' could not be run (" + e.getMessage()
                    + "); this test needs 'as' and 'objdump' on PATH: install binutils", e);
        }
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command[0] + " did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command[0], e);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with exit code " + process.exitValue()
                    + ": " + Files.readString(err).strip());
        }
        return Files.readString(out);
    }
}
