package io.tdxsim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario in conf/ validates and runs as shipped, and prints what its header promises. */
class ShippedScenariosTest {

    private static final Pattern WALL = Pattern.compile("\\(wall ([0-9.]+) s\\)");

    /** Console fragments each scenario's header tells the reader to look for. */
    private static final Map<String, List<String>> PROMISED = Map.ofEntries(
            Map.entry("quickstart.conf", List.of("4 HALTED", "120 total", "fetch-adds=40 value=40")),
            Map.entry("uart-console.conf", List.of("1 HALTED", "17 reads, 23 writes",
                    "tx=\"Hello from a TD!\\n\" tx-bytes=17", "divisor=0x1 lcr=0x3")),
            Map.entry("virtio-handshake.conf", List.of("1 HALTED", "status=0xf", "negotiated=0x100000206",
                    "ready-q0=1", "notifications=1", "protocol-errors=0", "features-refused=0")),
            Map.entry("virtio-blk.conf", List.of("1 HALTED", "requests=2", "blk-writes=1", "blk-reads=1",
                    "blk-bytes-read=512", "protocol-errors=0", "interrupt-status=0x0", "ACCEPTABLE")),
            Map.entry("virtio-blk-irq.conf", List.of("64 HALTED", "requests=128", "blk-writes=64", "blk-reads=64",
                    "blk-errors=0", "protocol-errors=0", "fetch-adds=64 value=64", "0 still pending", "ACCEPTABLE")),
            Map.entry("device-timers.conf", List.of("3 HALTED", "hpet0: timers", "1 still pending at the end",
                    "factorial=3628800 factorials=10", "factorial=720 factorials=11")),
            Map.entry("doorbell-ordering.conf", List.of("256 HALTED", "rings=5120 violations=0",
                    "data-writes=5120")),
            Map.entry("counter-race.conf", List.of("64 HALTED", "fetch-adds=1600 value=1600", "writes=1600")),
            Map.entry("storm.conf", List.of("5120 HALTED", "266,240 total", "fetch-adds=61440 value=61440")),
            Map.entry("ve-vs-hypercall.conf", List.of("16 HALTED", "8,192 total", "fetch-adds=2048 value=2048")),
            Map.entry("review-page-crossing.conf", List.of("1 OOPS", "access splits pages")),
            Map.entry("review-user-mode.conf", List.of("2 HALTED, 4 SIGSEGV")),
            Map.entry("review-undecodable.conf", List.of("3 OOPS", "DECODE_FAILED")),
            Map.entry("review-movs.conf", List.of("1 OOPS", "MOVS is not emulated")),
            Map.entry("review-zeropad.conf", List.of("1 HALTED; 1 #VE faults fixed up")),
            Map.entry("interrupt-wake.conf", List.of("2 HALTED, 1 OOPS", "1 raised, 1 delivered to vCPUs",
                    "HLT emulation with IRQs enabled")),
            Map.entry("soak.conf", List.of("stopped at its virtual-time horizon", "64 RUNNING", "accounting: exact")));

    static List<Path> scenarios() {
        return ShippedScenarios.all();
    }

    @Test
    void confHoldsTheScenariosTheReadmeAndHeadersName() {
        List<String> names = scenarios().stream().map(p -> p.getFileName().toString()).toList();
        assertFalse(names.isEmpty(), "no scenarios found in " + ShippedScenarios.directory());
        assertTrue(names.containsAll(PROMISED.keySet()), () -> "missing from conf/: " + PROMISED.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void validatesAndRunsAsShipped(Path file) {
        Cli.Outcome validate = Cli.execute("validate", file.toString());
        assertEquals(0, validate.exit(), validate::toString);
        assertTrue(validate.out().contains(": ok"), validate::toString);

        Cli.Outcome run = Cli.execute("run", file.toString());
        assertEquals(0, run.exit(), run::toString);
        for (String fragment : PROMISED.getOrDefault(file.getFileName().toString(), List.of())) {
            assertTrue(run.out().contains(fragment), () -> "expected '" + fragment + "' in\n" + run);
        }
        Matcher wall = WALL.matcher(run.out());
        assertTrue(wall.find(), run::toString);     // how long it took depends on the machine, not on tdxsim
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void startsWithAHeaderThatSaysWhatToTry(Path file) throws Exception {
        String text = java.nio.file.Files.readString(file);
        assertTrue(text.startsWith("# "), file + " has no header comment");
        assertTrue(text.contains("How to read the result"), file + ": header does not say how to read the result");
        assertTrue(text.contains("--set"), file + ": header suggests no --set to try");
    }
}
