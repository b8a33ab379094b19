package io.tdxsim.sim.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tdxsim.sim.scenario.ScenarioException;
import io.tdxsim.sim.scenario.ScenarioLoader;
import io.tdxsim.vcpu.Gpr;
import org.junit.jupiter.api.Test;

/** A device model from outside the project (org.example.Fifo), named by class in a scenario. */
class UserDeviceTest {

    private static final String SCENARIO = """
            tdxsim {
              name = fifo
              devices = [ { name = fifo0, class = "%s", base = 0xfe000000, params { depth = 2 } } ]
              vcpus = [ { count = 1, program = fill } ]
              programs.fill = \"\"\"
                  mov rdi, fifo0
                  mov dword [rdi], 7
                  mov dword [rdi], 8
                  mov dword [rdi], 9          ; beyond the depth of 2: dropped by the model
                  mov eax, dword [rdi + 8]    ; fill level
                  mov ebx, dword [rdi]        ; pops 7
                  hlt
              \"\"\"
            }
            """;

    @Test
    void aUserClassNamedInTheScenarioServesTheAccesses() {
        RunResult r = SimRun.run(ScenarioLoader.fromText(SCENARIO.formatted("org.example.Fifo"), "fifo.conf"));
        assertNull(r.sample().get(0).fault());
        assertEquals(2, r.sample().get(0).gprs()[Gpr.RAX.number()]);
        assertEquals(7, r.sample().get(0).gprs()[Gpr.RBX.number()]);
        assertEquals(1, r.devices().get(0).state.get("level"));
    }

    @Test
    void aMissingClassIsOneClearLineAtStartUp() {
        ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                () -> SimRun.run(ScenarioLoader.fromText(SCENARIO.formatted("org.example.Nope"), "fifo.conf")));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).contains("org.example.Nope") && e.problems().get(0).contains("not found"),
                e.problems().get(0));
    }
}
