package io.tdxsim.vcpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A spin pass counts as changeless only when nothing it could leave behind differs. */
class SpinLoopTest {

    private static RegisterFile regs(long rax) {
        RegisterFile r = new RegisterFile();
        r.rip = 0x1000;
        r.set(Gpr.RAX, rax);
        return r;
    }

    @Test
    void theSecondIdenticalPauseRepeatsWithThePassCost() {
        SpinLoop loop = new SpinLoop();
        assertFalse(loop.repeats(regs(1), 0, 0, 100, 10), "a first PAUSE has nothing to compare with");
        assertTrue(loop.repeats(regs(1), 0, 0, 145, 15));
        assertEquals(45, loop.periodNs());
        assertEquals(5, loop.periodInstructions());
        loop.skipped(10);                                  // ten passes accounted for: the next one follows them
        assertTrue(loop.repeats(regs(1), 0, 0, 145 + 450 + 45, 15 + 50 + 5));
        assertEquals(45, loop.periodNs());
    }

    @Test
    void aChangedRegisterStoreOrCallBreaksTheLoop() {
        SpinLoop loop = new SpinLoop();
        loop.repeats(regs(1), 0, 0, 100, 10);
        assertFalse(loop.repeats(regs(2), 0, 0, 145, 15), "a register moved: the pass was not changeless");
        assertFalse(loop.repeats(regs(2), 1, 0, 190, 20), "a store changed RAM");
        assertFalse(loop.repeats(regs(2), 1, 1, 235, 25), "the pass made a call (a device may have changed)");
        assertTrue(loop.repeats(regs(2), 1, 1, 280, 30));
        RegisterFile flags = regs(2);
        flags.rflags ^= 1;
        assertFalse(loop.repeats(flags, 1, 1, 325, 35), "the flags moved");
    }
}
