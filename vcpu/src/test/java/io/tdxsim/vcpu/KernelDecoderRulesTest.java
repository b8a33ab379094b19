package io.tdxsim.vcpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.vcpu.decode.MmioKind;
import io.tdxsim.vcpu.handler.DecodeVerdict;
import io.tdxsim.vcpu.handler.HandlerProfile;
import io.tdxsim.vcpu.handler.VeDecision;
import io.tdxsim.vcpu.handler.VeHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where the kernel's instruction decoder (insn_get_prefixes, insn_get_addr_ref) and the CPU part
 * ways: the same bytes run under the {@code linux} handler (a #VE, then the kernel's decode) and
 * under {@code architectural} (the interpreter's own decode carries the access to the device).
 */
class KernelDecoderRulesTest {

    private static final AddressSpace SPACE = new AddressSpace(48, 64L << 20);
    private static final long MMIO_VA = SPACE.linearOf(0xfe000000L, false);
    private static final long EAX = 0x1122_3344_5566_7788L;

    private static Interpreter cpu(String hex, boolean emulate) {
        RegisterFile regs = new RegisterFile();
        Interpreter cpu = new Interpreter(SPACE, Code.start().hex(hex).hlt().bytes(), false, emulate, regs);
        regs.set(Gpr.RDI, MMIO_VA);
        regs.set(Gpr.RSI, MMIO_VA);
        regs.set(Gpr.RAX, EAX);
        return cpu;
    }

    /** The linux handler's decision for the #VE the instruction takes. */
    private static VeDecision linux(Interpreter cpu) {
        assertEquals(Interpreter.Stop.VE, cpu.step(), () -> "no #VE: " + cpu.faultDetail());
        VeHandler h = HandlerProfile.LINUX.handler(SPACE.sharedBit());
        return h.onVe(cpu.veInfo(), cpu, new VeDecision());
    }

    private static VeDecision linux(String hex) {
        return linux(cpu(hex, false));
    }

    /** The access the CPU itself makes (architectural profile). */
    private static Interpreter architectural(String hex) {
        Interpreter cpu = cpu(hex, true);
        assertEquals(Interpreter.Stop.MMIO, cpu.step(), () -> "no access: " + cpu.faultDetail());
        return cpu;
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource({
        "f2 f3 2e 3e 66 89 07, 7, a fifth distinct prefix (66) is the kernel's opcode",
        "48 66 89 07,          4, a REX before a legacy prefix: the kernel takes 66 as the opcode",
        "48 48 89 07,          4, a second REX is the kernel's opcode",
    })
    void prefixesTheKernelDoesNotTakeMakeItOopsWhereTheCpuStores(String hex, int length, String why) {
        VeDecision d = linux(hex);
        assertEquals(Fault.OOPS, d.fault, why);
        assertEquals(MmioKind.DECODE_FAILED, d.kind);
        assertTrue(d.detail.contains("as the opcode"), d.detail);
        assertEquals("WARNING: at arch/x86/coco/tdx/tdx.c handle_mmio", d.log, "insn_decode_mmio() failed: WARN_ON_ONCE");

        Interpreter cpu = architectural(hex);
        assertTrue(cpu.pendingWrite());
        assertEquals(hex.startsWith("48 48") ? 8 : 2, cpu.pendingSize(), "the CPU's operand size");
        assertEquals(length, cpu.currentInstruction().length);
    }

    @Test
    void vcpusOfOneTextShareOneKernelDecodeOfEachInstructionApartFromTheCpusOwn() {
        byte[] code = Code.start().hex("48 66 89 07").hlt().bytes();
        VeDecision[] decisions = new VeDecision[2];
        Interpreter[] cpus = new Interpreter[2];
        for (int i = 0; i < 2; i++) {
            RegisterFile regs = new RegisterFile();
            cpus[i] = new Interpreter(SPACE, code, false, false, regs);
            regs.set(Gpr.RDI, MMIO_VA);
            decisions[i] = linux(cpus[i]);
        }
        assertSame(decisions[0].insn, decisions[1].insn, "one decode for every exit at this RIP");
        assertSame(decisions[0].insn, cpus[0].kernelDecoded(cpus[0].registers().rip));
        assertEquals(0x66, decisions[0].insn.opcode, "the kernel's rules: 66 after REX is the opcode");
        assertNotSame(decisions[0].insn, cpus[0].currentInstruction());
        assertEquals(0x89, cpus[0].currentInstruction().opcode, "the CPU's rules: a MOV");
        assertNull(cpus[0].kernelDecoded(0), "no text there: the handler's fetch fails");
    }

    @Test
    void rfcV2UsesTheKernelsDecoderToo() {
        // 66 after the REX is the opcode to the kernel's decoder: no ModRM, so BUG_ON(!inat_has_modrm)
        Interpreter cpu = cpu("48 66 89 07", false);
        assertEquals(Interpreter.Stop.VE, cpu.step());
        VeDecision d = HandlerProfile.RFC_V2.handler(SPACE.sharedBit()).onVe(cpu.veInfo(), cpu, new VeDecision());
        assertEquals(Fault.BUG, d.fault, () -> d.detail);
    }

    @Test
    void fourDistinctPrefixesAndRepeatsAreTaken() {
        VeDecision d = linux("f2 f3 2e 66 66 f2 89 07");            // repeats do not count
        assertNull(d.fault, () -> d.detail);
        assertEquals(2, d.size);
        assertEquals(EAX & 0xFFFF, d.data);
        assertEquals(8, d.insn.length);
    }

    @Test
    void rexRightAfterTheLegacyPrefixesCounts() {
        VeDecision d = linux("66 48 89 07");
        assertNull(d.fault, () -> d.detail);
        assertEquals(8, d.size, "REX.W overrides 66 for the kernel as for the CPU");
        assertEquals(8, architectural("66 48 89 07").pendingSize());
    }

    @Test
    void twoDifferentSegmentOverridesLeaveTheKernelWithoutAnAddress() {
        VeDecision d = linux("2e 3e 89 07");
        assertEquals(Fault.OOPS, d.fault);
        assertTrue(d.detail.contains("-EFAULT") && d.detail.contains("segment"), d.detail);
        assertEquals(MmioKind.WRITE, d.kind, "classified before the address is needed");

        Interpreter cpu = architectural("2e 3e 89 07");
        assertEquals(4, cpu.pendingSize());
        assertEquals(EAX & 0xFFFF_FFFFL, cpu.pendingData());
    }

    @Test
    void oneByteAccessPassesTheSplitCheckEvenWithoutAnAddress() {
        // insn_get_addr_ref() = -1 and size 1: first and last byte are the same page
        VeDecision d = linux("2e 3e 88 07");
        assertNull(d.fault, () -> d.detail);
        assertEquals(1, d.size);
        assertEquals(0x88, d.data);
    }

    @Test
    void theSameSegmentOverrideTwiceIsOne() {
        VeDecision d = linux("3e 3e 89 07");
        assertNull(d.fault, () -> d.detail);
        assertEquals(4, d.size);
    }

    @Test
    void movsWithoutModrmIsCheckedForSplitPagesAtRax() {
        Interpreter split = cpu("a5", false);                        // movsd: load [rsi] is the MMIO access
        split.registers().set(Gpr.RAX, MMIO_VA + 0xFFE);
        VeDecision d = linux(split);
        assertEquals(Fault.OOPS, d.fault);
        assertEquals("VE fault: access splits pages (-EFAULT)", d.detail);
        assertNull(d.log);

        VeDecision whole = linux("a5");                              // RAX far from a page end
        assertEquals(Fault.OOPS, whole.fault);
        assertEquals("VE fault: MOVS is not emulated (-EINVAL)", whole.detail);
        assertNull(whole.log, "handle_mmio() prints nothing for MOVS; the oops follows");
    }

    @Test
    void vexShuffleReadingMmioIsAOneByteImmediateWriteToTheKernel() {
        Interpreter cpu = cpu("c5 f0 c6 0e 05", false);              // vshufps xmm1, xmm1, [rsi], 5
        VeDecision d = linux(cpu);
        assertFalse(cpu.pendingWrite(), "the CPU reads its memory operand");
        assertNull(d.fault, () -> d.detail);
        assertEquals(MmioKind.WRITE_IMM, d.kind);
        assertTrue(d.write);
        assertEquals(1, d.size);
        assertEquals(5, d.data);
    }

    @Test
    void evexCompressStoringToMmioIsAOneByteReadToTheKernel() {
        Interpreter cpu = cpu("62 f2 7d 08 8a 07", false);           // vcompressps [rdi], xmm0
        VeDecision d = linux(cpu);
        assertTrue(cpu.pendingWrite(), "the CPU stores");
        assertNull(d.fault, () -> d.detail);
        assertEquals(MmioKind.READ, d.kind);
        assertFalse(d.write);
        assertEquals(1, d.size);
        assertEquals(0, d.register, "xmm0's number: RAX's slot");
        HandlerProfile.LINUX.handler(SPACE.sharedBit()).complete(d, 0, 0xAB, cpu.registers());
        assertEquals((EAX & ~0xFFL) | 0xAB, cpu.registers().get(Gpr.RAX));
        assertEquals(6, cpu.registers().rip - SPACE.textBase(false));
    }

    @Test
    void evexExpandLoadingFromMmioIsAOneByteWriteOfAl() {
        Interpreter cpu = cpu("62 f2 7d 08 88 07", false);           // vexpandps xmm0, [rdi]
        VeDecision d = linux(cpu);
        assertFalse(cpu.pendingWrite());
        assertNull(d.fault, () -> d.detail);
        assertTrue(d.write);
        assertEquals(1, d.size);
        assertEquals(0x88, d.data);
    }

    @Test
    void decodeCommandGivesTheVerdictsARunGives() {
        byte[] vshufps = {(byte) 0xc5, (byte) 0xf0, (byte) 0xc6, 0x0e, 0x05};
        assertEquals(",\"data\":\"0x5\"", DecodeVerdict.json(vshufps, HandlerProfile.LINUX, 0, 0));
        // the CPU reads: rfc-v2 takes the direction from the #VE and BUGs on a read with an immediate
        assertEquals(",\"outcome\":\"bug\"", DecodeVerdict.json(vshufps, HandlerProfile.RFC_V2, 0, 0));
        assertEquals(",\"outcome\":\"invalid_opcode\"", DecodeVerdict.json(vshufps, HandlerProfile.ARCHITECTURAL, 0, 0));
    }

    @ParameterizedTest
    @CsvSource({"c5 f8 8b 07", "c4 e2 79 8a 07", "c5 f8 c7 07"})
    void vexFormsThatDoNotExistAreUndefinedNotClassified(String hex) {
        // VEX 0f 8b, VEX (not EVEX) 0f38 8a, VEX 0f c7: #UD on the CPU before any access
        Interpreter cpu = cpu(hex, false);
        assertEquals(Interpreter.Stop.FAULT, cpu.step());
        assertEquals(Fault.INVALID_OPCODE, cpu.fault());
    }

    @Test
    void vexOtherwiseIsDecodeFailed() {
        VeDecision d = linux("c5 fa 6f 07");                         // vmovdqu xmm0, [rdi]
        assertEquals(Fault.OOPS, d.fault);
        assertEquals(MmioKind.DECODE_FAILED, d.kind);
    }

    @Test
    void vectorInstructionsStopAfterTheirAccessWhenItIsNotMmio() {
        Interpreter onRam = cpu("c5 fa 6f 07", false);
        onRam.registers().set(Gpr.RDI, SPACE.linearOf(0x1000, false));
        assertEquals(Interpreter.Stop.FAULT, onRam.step());
        assertEquals(Fault.INVALID_OPCODE, onRam.fault());

        Interpreter emulated = cpu("c5 fa 6f 07", true);
        assertEquals(Interpreter.Stop.FAULT, emulated.step(), "a vector access cannot be carried to a device");
        assertTrue(emulated.faultDetail().contains("not emulated"), emulated.faultDetail());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"f0 89 07", "f0 c7 07 01 00 00 00", "f0 8b 07", "f0 d1 27"})
    void lockOnAnInstructionThatDoesNotReadModifyWriteIsUndefinedBeforeAnyAccess(String hex) {
        for (boolean emulate : new boolean[] {false, true}) {
            Interpreter cpu = cpu(hex, emulate);
            assertEquals(Interpreter.Stop.FAULT, cpu.step(), "no #VE and no MMIO operation");
            assertEquals(Fault.INVALID_OPCODE, cpu.fault());
            assertTrue(cpu.faultDetail().startsWith("#UD"), cpu.faultDetail());
        }
    }

    @Test
    void lockOnAnAddStillReachesMemory() {
        assertEquals(Interpreter.Stop.VE, cpu("f0 01 07", false).step());
    }
}
