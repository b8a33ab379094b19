package io.tdxsim.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostPortTest {

    @Test
    void readsHostsPortsAndBracketedIpv6() {
        assertEquals(new HostPort("127.0.0.1", 2552), HostPort.parse("127.0.0.1:2552"));
        assertEquals(new HostPort("node-3.lab", 1), HostPort.parse(" node-3.lab:1 "));
        assertEquals(new HostPort("::1", 2552), HostPort.parse("[::1]:2552"));
        assertEquals("[::1]:2552", HostPort.parse("[::1]:2552").toString());
    }

    @Test
    void refusesWhatIsNotHostColonPort() {
        for (String bad : new String[] {"", "host", "host:", ":2552", "host:port", "host:0", "host:65536", "::1:2552",
                "a b:1", "host:-1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("expected") || e.getMessage().contains("brackets"), e::getMessage);
        }
    }
}
