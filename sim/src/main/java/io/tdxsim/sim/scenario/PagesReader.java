package io.tdxsim.sim.scenario;

import com.typesafe.config.Config;
import io.tdxsim.vcpu.AddressSpace;
import io.tdxsim.vcpu.PageAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * guest.pages: guest-physical ranges whose shared/private attribute the scenario sets (private or
 * shared RAM beyond guest.ram, private pages the TD has not accepted). Each range is whole pages,
 * above guest.ram, below the shared bit, clear of the stacks, of the devices and of the others.
 */
final class PagesReader {

    private PagesReader() {
    }

    static PageAttributes read(Reader r, long ram, int gpaWidth) {
        List<? extends Config> list = ScenarioLoader.listOfObjects(r, "guest.pages");
        if (list == null || list.isEmpty()) {
            return PageAttributes.NONE;
        }
        List<PageAttributes.Range> ranges = new ArrayList<>();
        long limit = 1L << (gpaWidth - 1);
        for (int i = 0; i < list.size(); i++) {
            Reader p = new Reader(list.get(i), r.key("guest.pages[" + i + "]"), r.problems());
            int before = r.problems().size();
            long base = p.address("base");
            long size = p.bytes("size", AddressSpace.PAGE_SIZE, 1L << 40);
            String text = p.string("attribute");
            PageAttributes.Attribute attribute = PageAttributes.Attribute.parse(text);
            if (attribute == null) {
                p.problem("attribute", "expected one of private, shared, unaccepted, got '" + text + "'");
            }
            if (r.problems().size() != before) {
                continue;
            }
            if (base % AddressSpace.PAGE_SIZE != 0 || size % AddressSpace.PAGE_SIZE != 0) {
                p.problem(base % AddressSpace.PAGE_SIZE != 0 ? "base" : "size", String.format(
                        "0x%x+0x%x is not whole 4 KiB pages (expected a page-aligned base and size)", base, size));
            } else if (Long.compareUnsigned(base, ram) < 0) {
                p.problem("base", String.format("0x%x lies in guest.ram (0x%x bytes, private already); expected an"
                        + " address at or above it", base, ram));
            } else if (Long.compareUnsigned(base, limit) >= 0 || size > limit - base) {
                p.problem("base", String.format("0x%x+0x%x is beyond the GPA width (shared bit %d)", base, size,
                        gpaWidth - 1));
            } else if (Long.compareUnsigned(base + size - 1, AddressSpace.STACK_REGION) >= 0 && Long.compareUnsigned(
                    base, AddressSpace.STACK_REGION + AddressSpace.STACK_REGION_BYTES) < 0) {
                p.problem("base", "overlaps the vCPU stacks (expected a range outside them)");
            } else {
                PageAttributes.Range other = new PageAttributes(ranges).overlapping(base, size);
                if (other != null) {
                    p.problem("base", String.format("0x%x+0x%x overlaps the pages at 0x%x+0x%x", base, size,
                            other.base(), other.size()));
                } else {
                    ranges.add(new PageAttributes.Range(base, size, attribute));
                }
            }
        }
        return new PageAttributes(ranges);
    }

    /** A device whose range overlaps pages given an attribute could never be reached by MMIO. */
    static void checkDevices(Reader r, PageAttributes pages, List<Scenario.Device> devices) {
        for (int i = 0; i < devices.size(); i++) {
            Scenario.Device d = devices.get(i);
            if (d.port()) {
                continue;
            }
            PageAttributes.Range hit = pages.overlapping(d.base(), d.size());
            if (hit != null) {
                r.problems().addRaw(d.where() + r.key("devices[" + i + "].base") + String.format(
                        ": '%s' overlaps guest.pages at 0x%x+0x%x (%s), where no MMIO reaches it", d.name(),
                        hit.base(), hit.size(), hit.attribute().id()));
            }
        }
    }
}
