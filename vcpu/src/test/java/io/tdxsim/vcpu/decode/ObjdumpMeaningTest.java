package io.tdxsim.vcpu.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tdxsim.vcpu.decode.ObjdumpMeaning.Expected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The oracle's reading of objdump text, pinned so the differential test checks the right thing. */
class ObjdumpMeaningTest {

    @Test
    void movToMemoryIsAWriteOfTheMemoryWidth() {
        assertEquals(new Expected(MmioKind.WRITE, 1, "ah", null), ObjdumpMeaning.of("data16 mov BYTE PTR [rdi],ah"));
        assertEquals(new Expected(MmioKind.WRITE, 8, "r15", null),
                ObjdumpMeaning.of("rex.WRB mov QWORD PTR gs:[r12+rax*4-0x8],r15"));
    }

    @Test
    void movFromMemoryIsARead() {
        assertEquals(new Expected(MmioKind.READ, 2, "r9w", null),
                ObjdumpMeaning.of("mov    r9w,WORD PTR [rip+0x10]        # 0x1234 <f1+0x2>"));
    }

    @Test
    void movOfAnImmediateKeepsObjdumpsHex() {
        assertEquals(new Expected(MmioKind.WRITE_IMM, 8, null, "0xffffffff80000000"),
                ObjdumpMeaning.of("mov    QWORD PTR [rdi],0xffffffff80000000"));
    }

    @Test
    void extendingMovesReadTheSourceWidth() {
        assertEquals(new Expected(MmioKind.READ_ZERO_EXTEND, 1, "r13", null),
                ObjdumpMeaning.of("data16 movzx r13,BYTE PTR [rax]"));
        assertEquals(new Expected(MmioKind.READ_SIGN_EXTEND, 2, "eax", null),
                ObjdumpMeaning.of("movsx  eax,WORD PTR ds:0x1000"));
    }

    @Test
    void stringMoveHasOnlyASize() {
        assertEquals(new Expected(MmioKind.MOVS, 8, null, null),
                ObjdumpMeaning.of("rep movs QWORD PTR es:[rdi],QWORD PTR ds:[rsi]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "movabs eax,ds:0x1000", "addr32 mov al,ds:0x4030201", "mov    eax,ecx", "mov    rsp,cr0",
        "mov    WORD PTR [rdi],es", "movsxd rax,DWORD PTR [rdi]", "movsd  xmm0,QWORD PTR [rdi]",
        "cmp    eax,DWORD PTR [rdi]", "lock cmpxchg DWORD PTR [rdi],ecx", "nop", "xbegin 0x6 <f1+0x3>",
        "vmovdqu xmm0,XMMWORD PTR [rdi]", "rex.W"})
    void everythingElseIsDecodeFailed(String text) {
        assertEquals(Expected.FAILED, ObjdumpMeaning.of(text));
    }
}
