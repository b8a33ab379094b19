package io.tdxsim.sim.run;

import io.tdxsim.vcpu.asm.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Assembled guest code and its exception table: a label {@code fixup_<name>} is where the
 * kernel resumes when the instruction at label {@code <name>} faults in the #VE handler, as an
 * {@code _ASM_EXTABLE} entry does for load_unaligned_zeropad().
 *
 * @param extable pairs of (faulting RIP, fixup RIP)
 */
record GuestCode(byte[] code, long[] extable) {

    static final String FIXUP_PREFIX = "fixup_";

    static GuestCode of(Program p) {
        List<Long> pairs = new ArrayList<>();
        for (Map.Entry<String, Long> label : p.labels().entrySet()) {
            if (label.getKey().startsWith(FIXUP_PREFIX)) {
                Long from = p.labels().get(label.getKey().substring(FIXUP_PREFIX.length()));
                if (from != null) {
                    pairs.add(from);
                    pairs.add(label.getValue());
                }
            }
        }
        return new GuestCode(p.code(), pairs.stream().mapToLong(Long::longValue).toArray());
    }
}
