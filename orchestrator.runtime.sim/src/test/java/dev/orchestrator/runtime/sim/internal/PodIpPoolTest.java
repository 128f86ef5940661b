package dev.orchestrator.runtime.sim.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.api.runtime.ContainerRuntimeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PodIpPoolTest {

    @ParameterizedTest(name = "{0} starts at {1}")
    @CsvSource({
        "10.244.0.0/24, 10.244.0.2",
        "10.244.3.0/24, 10.244.3.2",
        "10.244.3.77/24, 10.244.3.2",   // host bits are masked off
        "172.16.0.0/12, 172.16.0.2",
        "192.168.1.252/30, 192.168.1.254",
    })
    void firstAddressSkipsNetworkAndGateway(String cidr, String first) {
        assertEquals(first, new PodIpPool(cidr).address(new PodIpPool(cidr).allocate()));
    }

    @Test
    void allocatesSequentiallyAndReusesTheLowestFreed() {
        PodIpPool pool = new PodIpPool("10.0.0.0/24");
        int a = pool.allocate();
        int b = pool.allocate();
        int c = pool.allocate();
        assertEquals("10.0.0.4", pool.address(c));
        pool.release(b);
        pool.release(a);
        assertEquals(a, pool.allocate());
        assertEquals(b, pool.allocate());
        assertEquals("10.0.0.5", pool.address(pool.allocate()));
    }

    @Test
    void failsWhenTheRangeIsFullAndRecoversOnRelease() {
        PodIpPool pool = new PodIpPool("10.0.0.0/29"); // .2 to .6: five addresses
        for (int i = 0; i < 5; i++) {
            pool.allocate();
        }
        ContainerRuntimeException full = assertThrows(ContainerRuntimeException.class, pool::allocate);
        assertEquals("failed to allocate a pod IP: no free address left in range 10.0.0.0/29", full.getMessage());
        pool.release(4);
        assertEquals("10.0.0.4", pool.address(pool.allocate()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.244.0.0", "10.244.0.0/31", "10.244.0.0/4", "10.244.0/24", "10.256.0.0/24", "x/24"})
    void refusesWhatIsNotAUsableIpv4Cidr(String cidr) {
        assertThrows(IllegalArgumentException.class, () -> new PodIpPool(cidr));
    }
}
