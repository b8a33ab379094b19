package io.tdxsim.sim.cli;

import io.tdxsim.vcpu.decode.DecodeLine;
import io.tdxsim.vcpu.handler.DecodeVerdict;
import io.tdxsim.vcpu.handler.HandlerProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Show what the #VE handler makes of instructions, one JSON object per line.",
                "Keys: hex, length, kind, size, register, immediate, as the Linux kernel's decoder and "
                        + "insn_decode_mmio() give them (register and VEX forms are classified too); with --profile "
                        + "also writeback (reads), data (writes) or outcome (when the profile rejects the instruction; "
                        + "'executed' for architectural non-MOV forms, which the CPU simply performs; "
                        + "'invalid_opcode' for a VEX memory form, which tdxsim does not carry to a device)."})
final class DecodeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "HEX", arity = "1..*",
            description = "Instruction bytes as hex (\"8b 07\" or 8b07), one instruction each; '-' reads one per line from stdin.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "P", description = "Handler profile (listed below).")
    String profile;

    @Option(names = "--reg-init", paramLabel = "V", defaultValue = "0x1122334455667788",
            description = "Value of every GPR before the instruction (default ${DEFAULT-VALUE}).")
    String regInit;

    @Option(names = "--read-value", paramLabel = "V", defaultValue = "0xcafebabedead8081",
            description = "Value the device answers for reads (default ${DEFAULT-VALUE}).")
    String readValue;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        HandlerProfile p = null;
        if (profile != null && (p = HandlerProfile.parse(profile)) == null) {
            System.err.println("tdxsim: --profile: expected one of " + HandlerProfile.choices() + ", got '" + profile + "'");
            return Main.BAD_INPUT;
        }
        long init;
        long value;
        try {
            init = parseValue(regInit);
            value = parseValue(readValue);
        } catch (NumberFormatException e) {
            System.err.println("tdxsim: --reg-init/--read-value: expected a 64-bit value such as 0x1122334455667788");
            return Main.BAD_INPUT;
        }
        List<String> lines = new ArrayList<>();
        for (String input : inputs) {
            if (input.equals("-")) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (!line.isBlank()) {
                        lines.add(line);
                    }
                }
            } else {
                lines.add(input);
            }
        }
        int status = Main.OK;
        for (int i = 0; i < lines.size(); i++) {
            try {
                String json = DecodeLine.describe(lines.get(i));
                if (p != null) {
                    byte[] code = HexFormat.of().parseHex(lines.get(i).replaceAll("\\s+", "").toLowerCase());
                    json = json.substring(0, json.length() - 1) + DecodeVerdict.json(code, p, init, value) + "}";
                }
                out.println(json);
            } catch (IllegalArgumentException e) {
                System.err.println("tdxsim: input " + (i + 1) + ": " + e.getMessage());
                status = Main.BAD_INPUT;
            }
        }
        out.flush();
        return status;
    }

    static long parseValue(String text) {
        String t = text.trim().replace("_", "");
        return t.startsWith("0x") || t.startsWith("0X") ? Long.parseUnsignedLong(t.substring(2), 16) : Long.parseLong(t);
    }
}
