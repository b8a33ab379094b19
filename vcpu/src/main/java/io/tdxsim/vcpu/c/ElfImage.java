package io.tdxsim.vcpu.c;

import io.tdxsim.vcpu.AddressSpace;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A freestanding x86-64 ELF executable laid out as tdxsim's linker script does: read-only
 * segments from the kernel text address on (they become the program text), writable ones in the
 * kernel data window (their bytes are loaded once into the TD's memory), entry at the start of
 * text.
 *
 * @param text the bytes from {@link AddressSpace#KERNEL_TEXT} up (zeros between segments)
 * @param data the writable segments' file bytes with their guest-physical addresses (.bss is the
 *             zeros RAM starts with)
 * @param dataBytes the writable image's size in memory, .bss included
 */
public record ElfImage(byte[] text, List<Segment> data, long dataBytes) {

    /** File bytes to place at guest-physical {@code gpa}. */
    public record Segment(long gpa, byte[] bytes) {
    }

    private static final int PT_LOAD = 1;
    private static final int PF_W = 2;

    /** Thrown with a one-line reason when the file is not such an ELF. */
    public static final class BadElf extends Exception {
        BadElf(String message) {
            super(message);
        }
    }

    public static ElfImage parse(byte[] file) throws BadElf {
        if (file.length < 64 || file[0] != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F') {
            throw new BadElf("not an ELF file");
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (file[4] != 2 || file[5] != 1 || b.getShort(18) != 62) {
            throw new BadElf("not a little-endian x86-64 ELF (ELFCLASS64, EM_X86_64)");
        }
        long entry = b.getLong(24);
        long phoff = b.getLong(32);
        int phentsize = b.getShort(54) & 0xFFFF;
        int phnum = b.getShort(56) & 0xFFFF;
        if (entry != AddressSpace.KERNEL_TEXT) {
            throw new BadElf(String.format("entry point 0x%x; expected 0x%x, the start of text (link with tdxsim.ld)",
                    entry, AddressSpace.KERNEL_TEXT));
        }
        long textEnd = AddressSpace.KERNEL_TEXT;
        long dataEnd = AddressSpace.KERNEL_DATA;
        List<long[]> textSegments = new ArrayList<>();
        List<Segment> data = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int at = (int) (phoff + (long) i * phentsize);
            if (at < 0 || at + 56 > file.length) {
                throw new BadElf("program header " + i + " lies outside the file");
            }
            if (b.getInt(at) != PT_LOAD || b.getLong(at + 40) == 0) {
                continue;
            }
            boolean writable = (b.getInt(at + 4) & PF_W) != 0;
            long offset = b.getLong(at + 8);
            long vaddr = b.getLong(at + 16);
            long filesz = b.getLong(at + 32);
            long memsz = b.getLong(at + 40);
            if (offset < 0 || filesz < 0 || offset + filesz > file.length) {
                throw new BadElf("segment " + i + " lies outside the file");
            }
            if (writable) {
                long off = vaddr - AddressSpace.KERNEL_DATA;
                if (off < 0 || off + memsz > AddressSpace.IMAGE_BYTES) {
                    throw new BadElf(String.format("writable segment at 0x%x; expected it within 0x%x..+%d MiB",
                            vaddr, AddressSpace.KERNEL_DATA, AddressSpace.IMAGE_BYTES >> 20));
                }
                byte[] bytes = java.util.Arrays.copyOfRange(file, (int) offset, (int) (offset + filesz));
                data.add(new Segment(AddressSpace.IMAGE_REGION + off, bytes));
                dataEnd = Math.max(dataEnd, vaddr + memsz);
            } else {
                long off = vaddr - AddressSpace.KERNEL_TEXT;
                if (off < 0 || vaddr + memsz > AddressSpace.KERNEL_DATA) {
                    throw new BadElf(String.format("read-only segment at 0x%x; expected it between 0x%x and 0x%x",
                            vaddr, AddressSpace.KERNEL_TEXT, AddressSpace.KERNEL_DATA));
                }
                textSegments.add(new long[] {off, offset, filesz});
                textEnd = Math.max(textEnd, vaddr + memsz);
            }
        }
        byte[] text = new byte[(int) (textEnd - AddressSpace.KERNEL_TEXT)];
        for (long[] s : textSegments) {
            System.arraycopy(file, (int) s[1], text, (int) s[0], (int) s[2]);
        }
        if (text.length == 0) {
            throw new BadElf("no text");
        }
        return new ElfImage(text, data, dataEnd - AddressSpace.KERNEL_DATA);
    }
}
