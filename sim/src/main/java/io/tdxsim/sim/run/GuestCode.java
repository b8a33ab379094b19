package io.tdxsim.sim.run;

import io.tdxsim.vcpu.VcpuSpec;
import io.tdxsim.vcpu.c.ElfImage;
import io.tdxsim.vcpu.asm.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Assembled guest code and its exception table. A label {@code fixup_<name>} is an
 * EX_TYPE_DEFAULT entry: the kernel resumes there when the instruction at label {@code <name>}
 * faults in the #VE handler ({@code _ASM_EXTABLE}). A label {@code zeropad_fixup_<name>} is an
 * EX_TYPE_ZEROPAD entry, as load_unaligned_zeropad() has: it must label the instruction right
 * after {@code <name>}, and the kernel's ex_handler_zeropad() computes the load's result first.
 *
 * @param extable triples of (faulting RIP, fixup RIP, entry type), see {@link VcpuSpec}
 * @param data    a C program's writable image, by guest-physical address
 * @param compiled a C program or ELF: each vCPU starts main with its index in RDI
 */
record GuestCode(byte[] code, long[] extable, List<ElfImage.Segment> data, boolean compiled) {

    /** Assembled code: no data image, started with the scenario's registers only. */
    GuestCode(byte[] code, long[] extable) {
        this(code, extable, List.of(), false);
    }

    /** A C program or prebuilt ELF: its data image goes into the TD's memory once; main gets the vCPU index. */
    static GuestCode of(ElfImage image) {
        return new GuestCode(image.text(), new long[0], image.data(), true);
    }

    static final String FIXUP_PREFIX = "fixup_";
    static final String ZEROPAD_PREFIX = "zeropad_fixup_";

    static GuestCode of(Program p) {
        List<Long> entries = new ArrayList<>();
        for (Map.Entry<String, Long> label : p.labels().entrySet()) {
            String name = label.getKey();
            boolean zeropad = name.startsWith(ZEROPAD_PREFIX);
            if (zeropad || name.startsWith(FIXUP_PREFIX)) {
                Long from = p.labels().get(name.substring((zeropad ? ZEROPAD_PREFIX : FIXUP_PREFIX).length()));
                if (from != null) {
                    entries.add(from);
                    entries.add(label.getValue());
                    entries.add(zeropad ? VcpuSpec.EX_ZEROPAD : VcpuSpec.EX_DEFAULT);
                }
            }
        }
        return new GuestCode(p.code(), entries.stream().mapToLong(Long::longValue).toArray());
    }
}
