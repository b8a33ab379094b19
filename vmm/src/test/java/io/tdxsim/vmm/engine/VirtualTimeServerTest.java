package io.tdxsim.vmm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VirtualTimeServerTest {

    @Test
    void aCallStartsWhenTheServerIsFree() {
        VirtualTimeServer s = new VirtualTimeServer();
        assertEquals(10, s.serve(10, 5));
        assertEquals(15, s.serve(12, 5), "queued behind the first");
        assertEquals(100, s.serve(100, 5), "idle again");
        assertEquals(15, s.busyNs());
        assertEquals(0, s.distortion().outOfOrder());
    }

    @Test
    void callsOvertakenByLaterArrivalsAreCountedWithHowLateTheyWere() {
        VirtualTimeServer s = new VirtualTimeServer();
        s.serve(100, 1);
        s.serve(70, 1);          // arrived 30 before one already served
        s.serve(90, 1);          // 10 before
        s.serve(120, 1);
        assertEquals(2, s.distortion().outOfOrder());
        assertEquals(30, s.distortion().maxNs());
        assertEquals(40, s.distortion().totalNs());
    }

    @Test
    void anInfiniteServerNeverQueues() {
        VirtualTimeServer s = new VirtualTimeServer(true);
        assertEquals(10, s.serve(10, 50));
        assertEquals(11, s.serve(11, 50));
    }

    @Test
    void aCallThatTakesNoTimeHoldsNoOneUp() {
        VirtualTimeServer s = new VirtualTimeServer();
        s.serve(100, 0);
        assertEquals(50, s.serve(50, 0));
    }

    @Test
    void extraServiceTimeDelaysTheNextCall() {
        VirtualTimeServer s = new VirtualTimeServer();
        s.serve(0, 10);
        s.extend(5);
        assertEquals(15, s.serve(1, 10));
        assertEquals(25, s.busyNs());
    }
}
