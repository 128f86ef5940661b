package dev.orchestrator.kubelet.internal.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NetDevTest {

    /** A pod's /proc/<pid>/net/dev as Linux 6.1 writes it, with a counter that touches its name (older kernels). */
    static final List<String> POD_NET_DEV = List.of(
            "Inter-|   Receive                                                |  Transmit",
            " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed",
            "    lo:     420       6    0    0    0     0          0         0      420       6    0    0    0     0       0          0",
            "  eth0: 3148210    2215    3    0    0     0          0         0   121380    1790    1    0    0     0       0          0",
            "  eth1:12345678901    7    0    0    0     0          0         0        9       1    0    0    0     0       0          0");

    @Test
    void readsBytesAndErrorsOfEachCountedInterface() {
        assertEquals(List.of(new InterfaceStats("eth0", 3_148_210, 3, 121_380, 1),
                        new InterfaceStats("eth1", 12_345_678_901L, 0, 9, 0)),
                NetDev.parse(POD_NET_DEV, NetDev::counted));
    }

    @Test
    void linesOfAnotherShapeAreSkipped() {
        assertEquals(List.of(), NetDev.parse(List.of("", "eth0: 1 2 3", "eth0: a b c d e f g h i j k l m n o p",
                ": 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16"), name -> true));
    }

    @ParameterizedTest(name = "{0} counted: {1}")
    @CsvSource({
            "eth0, true", "orch252, true", "cni0, true", "ens3, true",
            "lo, false", "veth1a2b3c4d, false", "VETHabc, false", "docker0, false", "nerdctl0, false"})
    void cadvisorsChoiceOfInterfaces(String name, boolean counted) {
        assertEquals(counted, NetDev.counted(name));
    }
}
