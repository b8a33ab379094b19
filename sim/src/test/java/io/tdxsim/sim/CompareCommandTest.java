package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompareCommandTest {

    @Test
    void thePageCrossingStoreEndsDifferentlyUnderEachProfile() {
        Cli.Outcome o = Cli.execute("compare", ShippedScenarios.directory().resolve("review-page-crossing.conf").toString(),
                "--profiles", "linux,rfc-v2,architectural");
        assertEquals(0, o.exit(), o::toString);
        String out = o.out();
        assertTrue(out.contains("linux") && out.contains("rfc-v2") && out.contains("architectural"), out);
        assertTrue(out.matches("(?s).*outcomes\\s+\\{OOPS=1}\\s+\\{HALTED=1}\\s+\\{HALTED=1}.*"), out);
        // architectural splits the store: 0x34 lands in RAM, read back into RAX; the others leave RAX alone
        assertTrue(out.matches("(?s).*\\n  rax\\s+0x0\\s+0x0\\s+0x34\\n.*"), out);
        // the device gets 0x1234 whole under rfc-v2 and only 0x12 from the CPU; q0 is register contents: hex
        assertTrue(out.matches("(?s).*\\n  q0\\s+0x0\\s+0x1234\\s+0x12\\n.*"), out);
    }

    /** By default every profile runs: the kernels before the 2026 port-I/O fixes corrupt the console. */
    @Test
    void thePortIoConsoleShowsWhatThe2026FixesChanged() {
        Cli.Outcome o = Cli.execute("compare", ShippedScenarios.directory().resolve("uart-port-console.conf").toString());
        assertEquals(0, o.exit(), o::toString);
        String out = o.out();
        assertTrue(out.contains("under linux, linux-6.12, linux-6.6, rfc-v2, architectural"), out);
        assertTrue(out.contains("  linux-6.12     Linux v6.12"), out);
        String fixed = "\"Hello from a TD!\\\\n\"";
        String broken = "\"Hdlln frnl ` TD \\\\n\"";
        assertTrue(out.matches("(?s).*\\n  tx\\s+" + fixed + "\\s+" + broken + "\\s+" + broken + "\\s+" + broken
                + "\\s+" + fixed + "\\n.*"), out);
        assertTrue(out.matches("(?s).*\\n  rax\\s+0xffffffff\\s+0xfffffffeffffffff\\s+0xfffffffeffffffff\\s+"
                + "0xfffffffeffffffff\\s+0xffffffff\\n.*"), out);
    }

    @Test
    void theHelpOfEveryCommandThatRunsAProfileSaysWhichKernelEachModels() {
        for (String command : new String[] {"run", "validate", "compare", "explore", "decode"}) {
            Cli.Outcome o = Cli.execute(command, "--help");
            assertEquals(0, o.exit(), o::toString);
            for (io.tdxsim.vcpu.handler.HandlerProfile p : io.tdxsim.vcpu.handler.HandlerProfile.values()) {
                String first = p.kernel().substring(0, Math.min(20, p.kernel().length()));
                assertTrue(o.out().contains("  " + String.format("%-15s", p.id()) + first), command + ": " + o.out());
            }
        }
    }

    @Test
    void anUnknownProfileIsBadInput() {
        Cli.Outcome o = Cli.execute("compare", "--profiles", "linux,bsd");
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("'bsd'"), o::toString);
    }
}
