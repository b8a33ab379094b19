package io.tdxsim.vcpu;

/**
 * Where things live in a guest's linear and physical address space. Kernel code reaches
 * physical memory through a direct map (like Linux's ioremap/direct-map windows); a user-mode
 * vCPU group reaches it through a UIO-style mapping in the lower half, which kernel code reaches
 * too (a user pointer handed to the kernel). Guest-physical addresses
 * below {@code ramBytes} are private RAM, and so is the stack region (one {@link #STACK_BYTES}
 * stack per vCPU, vCPU i's at {@code STACK_REGION + i * STACK_BYTES}); every other address is
 * shared (MMIO), so an access there raises a #VE, whether or not a device claims it. A C program's
 * .data and .bss live at {@link #KERNEL_DATA}, backed by private RAM at {@link #IMAGE_REGION}.
 */
public record AddressSpace(int gpaWidth, long ramBytes) {

    public static final long KERNEL_DIRECT_MAP = 0xffff_c900_0000_0000L;
    public static final long USER_MAP = 0x0000_4000_0000_0000L;
    public static final long KERNEL_TEXT = 0xffff_ffff_8100_0000L;
    public static final long USER_TEXT = 0x0000_0000_0040_0000L;
    /** User space ends here (TASK_SIZE_MAX); the kernel-space check compares against it. */
    public static final long TASK_SIZE_MAX = 0x0000_7fff_ffff_f000L;
    public static final int PAGE_SIZE = 4096;
    /** Physical window reachable through either mapping. */
    public static final long WINDOW = 1L << 44;
    /** Guest-physical base of the vCPU stacks (1 TiB), far above any RAM size or device a scenario gives. */
    public static final long STACK_REGION = 1L << 40;
    /** One vCPU's stack. */
    public static final long STACK_BYTES = 16 << 10;
    /** Room for 4M stacks; pages are allocated only when a vCPU pushes. */
    public static final long STACK_REGION_BYTES = 1L << 36;
    /**
     * A C program's writable image (.data, .bss): linked in the kernel's address range, right
     * above the text, because gcc's kernel code model wants every symbol in the top 2 GiB.
     */
    public static final long KERNEL_DATA = 0xffff_ffff_8200_0000L;
    /** Guest-physical home of that image: private RAM above the stacks, shared by all vCPUs. */
    public static final long IMAGE_REGION = STACK_REGION + STACK_REGION_BYTES;
    /** Room for the writable image (64 MiB). */
    public static final long IMAGE_BYTES = 64L << 20;

    public long sharedBit() {
        return 1L << (gpaWidth - 1);
    }

    public long mapBase(boolean userMode) {
        return userMode ? USER_MAP : KERNEL_DIRECT_MAP;
    }

    public long textBase(boolean userMode) {
        return userMode ? USER_TEXT : KERNEL_TEXT;
    }

    /** Linear address at which a vCPU in the given mode sees guest-physical {@code gpa}. */
    public long linearOf(long gpa, boolean userMode) {
        return mapBase(userMode) + gpa;
    }

    /**
     * Guest-physical address for a linear one, or -1 when unmapped. Kernel code also reaches the
     * user mapping (the current task's, as get_user() and copy_from_user() do); user code reaches
     * only its own.
     */
    public long translate(long gla, boolean userMode) {
        if (!userMode && Long.compareUnsigned(gla - KERNEL_DATA, IMAGE_BYTES) < 0) {
            return IMAGE_REGION + (gla - KERNEL_DATA);
        }
        long offset = gla - mapBase(userMode);
        if (Long.compareUnsigned(offset, WINDOW) < 0) {
            return offset;
        }
        long user = gla - USER_MAP;
        return !userMode && Long.compareUnsigned(user, WINDOW) < 0 ? user : -1;
    }

    public boolean isRam(long gpa) {
        return Long.compareUnsigned(gpa, ramBytes) < 0
                || Long.compareUnsigned(gpa - STACK_REGION, STACK_REGION_BYTES + IMAGE_BYTES) < 0;
    }

    /** Guest-physical address just above vCPU {@code index}'s stack (its initial RSP, as physical). */
    public static long stackTop(int index) {
        return STACK_REGION + (index + 1L) * STACK_BYTES;
    }

    /** Whether {@code gpa} lies in vCPU {@code index}'s own stack. */
    public static boolean inStackOf(int index, long gpa) {
        return Long.compareUnsigned(gpa - (stackTop(index) - STACK_BYTES), STACK_BYTES) < 0;
    }

    public static boolean isKernelAddress(long gla) {
        return Long.compareUnsigned(gla, TASK_SIZE_MAX) >= 0;
    }
}
