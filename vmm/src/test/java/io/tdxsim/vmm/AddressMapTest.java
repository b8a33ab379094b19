package io.tdxsim.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Whole-access checks and range rules of the address map. */
class AddressMapTest {

    private static final AddressMap<String> MAP = AddressMap.<String>builder()
            .add("a", 0x1000, 0x100, "A").add("b", 0x1100, 0x100, "B").build();

    @Test
    void anAccessInsideOneRangeIsRoutedWithItsOffset() {
        assertEquals(new AddressMap.Within(0, 0xf8), MAP.check(0x10f8, 8));
        assertEquals(new AddressMap.Within(1, 0), MAP.check(0x1100, 1));
        assertEquals(1, MAP.indexOfAccess(0x11ff, 1));
    }

    @Test
    void anAccessWhoseLastByteIsPastTheEndIsNotRouted() {
        assertEquals(new AddressMap.PastEnd(0, 0x10fc, 8), MAP.check(0x10fc, 8));    // would spill into b
        assertEquals(new AddressMap.PastEnd(1, 0x11fe, 4), MAP.check(0x11fe, 4));    // would spill into nothing
        assertEquals(-1, MAP.indexOfAccess(0x10fc, 8));
        assertEquals(0, MAP.indexOf(0x10fc), "the first byte alone is a's");
    }

    @Test
    void unmappedZeroLengthAndWrappingAccessesAreTyped() {
        assertEquals(new AddressMap.Unmapped(0xfff), MAP.check(0xfff, 2));
        assertEquals(new AddressMap.BadLength(0), MAP.check(0x1000, 0));
        assertEquals(new AddressMap.Wraps(-4L, 8), MAP.check(-4L, 8));
        assertEquals(-1, MAP.indexOfAccess(0xfff, 2));
        assertEquals(-1, MAP.indexOfAccess(0x1000, 0));
        assertEquals(-1, MAP.indexOfAccess(-4L, 8));
    }

    @Test
    void rangesAreWholeAlignedMultiplesOfEightBytes() {
        assertEquals("size 1 is not a positive multiple of 8 bytes", AddressMap.rangeProblem(0x1000, 1));
        assertEquals("size 12 is not a positive multiple of 8 bytes", AddressMap.rangeProblem(0x1000, 12));
        assertEquals("base 0x1004 is not aligned to 8 bytes", AddressMap.rangeProblem(0x1004, 8));
        assertEquals(null, AddressMap.rangeProblem(0x1008, 8));
        assertThrows(AddressMap.AddressMapException.class,
                () -> AddressMap.<String>builder().add("one", 0x1000, 1, "x"));
    }

    @Test
    void portRangesAreASpaceOfTheirOwnWithoutAlignment() {
        AddressMap<String> map = AddressMap.<String>builder()
                .add("mmio", 0x3f8, 8, "mmio")
                .addPorts("com1", 0x3f8, 8, "com1")
                .addPorts("pic", 0x20, 2, "pic")
                .build();
        assertEquals("com1", map.range(map.indexOf(AddressMap.portKey(0x3ff))).target());
        assertEquals("mmio", map.range(map.indexOf(0x3ff)).target());
        assertEquals(-1, map.indexOf(AddressMap.portKey(0x400)));
        assertEquals(new AddressMap.PastEnd(map.indexOf(AddressMap.portKey(0x21)), AddressMap.portKey(0x21), 2),
                map.check(AddressMap.portKey(0x21), 2));
        assertEquals("pic ports [0x20, 0x22)", map.range(map.indexOf(AddressMap.portKey(0x20))).toString());
        assertThrows(AddressMap.AddressMapException.class,
                () -> AddressMap.<String>builder().addPorts("last", 0xfffc, 8, "x"));
        assertThrows(AddressMap.AddressMapException.class,
                () -> AddressMap.<String>builder().addPorts("a", 0x60, 4, "a").addPorts("b", 0x62, 2, "b").build());
    }
}
