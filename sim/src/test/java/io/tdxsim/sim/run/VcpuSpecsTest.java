package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vcpu.VcpuSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run's specs are made when asked for, and are what a list made up front would have held. */
class VcpuSpecsTest {

    private static final String TWO_GROUPS = """
            tdxsim {
              name = groups
              mode = deterministic
              seed = 3
              devices = [ { name = dev, model = scratch, base = 0xfe000000 } ]
              vcpus = [ { count = 3, program = first }, { count = 2, program = second } ]
              programs.first = "hlt"
              programs.second = "nop\\nhlt"
            }
            """;

    private static List<VcpuSpec> specs(String text) {
        return SimSession.vcpus(ScenarioLoader.fromText(text, "groups.conf"));
    }

    @Test
    void eachVcpuHasItsIndexAndItsScenarioGroupsSharedPart() {
        List<VcpuSpec> specs = specs(TWO_GROUPS);
        assertEquals(5, specs.size());
        for (int i = 0; i < specs.size(); i++) {
            assertEquals(i, specs.get(i).index());
            assertNull(specs.get(i).perturbation(), "no schedule, no perturbation");
        }
        assertSame(specs.get(0).group(), specs.get(2).group());
        assertSame(specs.get(3).group(), specs.get(4).group());
        assertNotSame(specs.get(0).group(), specs.get(3).group());
        assertEquals(1, specs.get(0).code().length);
        assertEquals(2, specs.get(3).code().length);
        assertThrows(IndexOutOfBoundsException.class, () -> specs.get(5));
        assertThrows(IndexOutOfBoundsException.class, () -> specs.get(-1));
    }

    @Test
    void aVcpusPerturbationIsTheSameObjectEachTimeItsSpecIsMade() {
        List<VcpuSpec> specs = specs(TWO_GROUPS.replace("seed = 3",
                "seed = 3\n  schedule { preemptions = 8, preemption = 40us, within = 300us }"));
        boolean any = false;
        for (int i = 0; i < specs.size(); i++) {
            assertSame(specs.get(i).perturbation(), specs.get(i).perturbation());
            any |= specs.get(i).perturbation() != null;
        }
        assertTrue(any, "eight preemptions over five vCPUs perturb at least one");
    }
}
