package io.tdxsim.vmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ServiceOrderTest {

    @Test
    void aCallServedBeforeAnEarlierOneOfItsVcpuIsOneViolationAndStillCounted() {
        ServiceOrder order = new ServiceOrder(0);
        order.serve(3, 1);
        order.serve(3, 3);
        order.serve(3, 2);          // behind call 3: out of program order
        order.serve(3, 4);          // after the highest served: in order again
        assertEquals(1, order.violations);
        assertEquals(3, order.firstViolationVcpu);
        assertArrayEquals(new long[] {0, 0, 0, 4}, order.servedByVcpu());
    }

    @Test
    void callsPerVcpuGrowPastTheFirstArrayAndAddUpWhenInstancesAreMerged() {
        ServiceOrder one = new ServiceOrder(0);
        ServiceOrder other = new ServiceOrder(0);
        one.serve(0, 1);
        one.serve(1, 1);
        other.serve(1, 2);
        other.serve(1000, 1);
        other.serve(1000, 2);
        one.absorb(other);
        long[] served = one.servedByVcpu();
        assertEquals(1001, served.length);
        assertEquals(1, served[0]);
        assertEquals(2, served[1]);
        assertEquals(2, served[1000]);
        assertEquals(0, served[500]);
    }

    @Test
    void nothingServedIsAnEmptyColumn() {
        assertEquals(0, new ServiceOrder(0).servedByVcpu().length);
    }
}
