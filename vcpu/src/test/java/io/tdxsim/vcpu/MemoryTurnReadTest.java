package io.tdxsim.vcpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Deterministic mode: kernel code reading RAM (a fixup's load) obeys the same rule as the
 * instructions: RAM other vCPUs reach is read inside the vCPU's memory turn, its own stack at any time.
 */
class MemoryTurnReadTest {

    private static final AddressSpace SPACE = new AddressSpace(48, 64L << 20);

    private static Interpreter vcpu(TdMemory ram, int index, boolean turns) {
        return new Interpreter(SPACE, ram, index, turns, new byte[] {(byte) 0xF4}, false, false, new RegisterFile());
    }

    @Test
    void sharedRamIsReadOnlyInsideTheTurn() {
        TdMemory ram = new TdMemory(2);
        ram.store(0x1000, 8, 0x1122334455667788L);
        Interpreter cpu = vcpu(ram, 1, true);
        long gla = SPACE.linearOf(0x1000, false);

        assertTrue(cpu.readNeedsTurn(gla, 8));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cpu.readRam(gla, 8));
        assertTrue(e.getMessage().contains("outside the vCPU's memory turn"), e.getMessage());

        cpu.holdTurn(true);
        assertFalse(cpu.readNeedsTurn(gla, 8));
        assertEquals(0x1122334455667788L, cpu.readRam(gla, 8).getAsLong());
        cpu.holdTurn(false);
        assertThrows(IllegalStateException.class, () -> cpu.readRam(gla + 4, 1));
    }

    @Test
    void theOwnStackAndNonRamNeedNoTurn() {
        TdMemory ram = new TdMemory(2);
        Interpreter cpu = vcpu(ram, 1, true);
        long ownStack = SPACE.linearOf(AddressSpace.stackTop(1) - 8, false);
        assertFalse(cpu.readNeedsTurn(ownStack, 8));
        assertEquals(0L, cpu.readRam(ownStack, 8).getAsLong());
        long othersStack = SPACE.linearOf(AddressSpace.stackTop(0) - 8, false);
        assertTrue(cpu.readNeedsTurn(othersStack, 8), "another vCPU's stack is shared RAM");
        long mmio = SPACE.linearOf(64L << 20, false);
        assertFalse(cpu.readNeedsTurn(mmio, 8));
        assertTrue(cpu.readRam(mmio, 8).isEmpty());
    }

    @Test
    void withoutTurnsAnyReadGoes() {
        TdMemory ram = new TdMemory(2);
        ram.store(0x1000, 4, 0xabcdef);
        Interpreter cpu = vcpu(ram, 1, false);
        long gla = SPACE.linearOf(0x1000, false);
        assertFalse(cpu.readNeedsTurn(gla, 4));
        assertEquals(0xabcdefL, cpu.readRam(gla, 4).getAsLong());
    }
}
