package io.tdxsim.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** KVM reads R12 (size) and R13 (direction) into ints, so their upper halves are never checked. */
class MmioCallCheckTest {

    private static final long SHARED = 1L << 47;

    private static TdvmcallStatus check(long r12, long r13) {
        TdVmCall call = new TdVmCall(0, 1, 0, 0, Ghci.STANDARD, Ghci.SUBFUNC_REQUEST_MMIO, r12, r13,
                SHARED | 0xfe000000L, 0, null);
        return MmioCallCheck.validate(call, SHARED);
    }

    @ParameterizedTest(name = "R12={0} R13={1}")
    @CsvSource({"0x100000001, 0", "0xffffffff00000008, 1", "4, 0x100000000", "2, 0xffffffff00000001"})
    void upperHalvesOfSizeAndDirectionAreIgnored(String r12, String r13) {
        assertNull(check(parse(r12), parse(r13)), "accepted as KVM does");
    }

    @ParameterizedTest(name = "R12={0} R13={1}")
    @CsvSource({"0x100000003, 0", "0x0, 0", "4, 0x100000002", "8, 2"})
    void theLowHalvesAreStillChecked(String r12, String r13) {
        assertEquals(TdvmcallStatus.INVALID_OPERAND, check(parse(r12), parse(r13)));
    }

    private static long parse(String text) {
        return text.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16) : Long.parseLong(text);
    }
}
