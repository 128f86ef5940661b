package dev.orchestrator.kubelet.internal.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeNetworkTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path proc;

    @ParameterizedTest(name = "node address on ''{0}'' → default {1}")
    @CsvSource({"orch252, orch252", "lo, eth0", "'', eth0", "veth9, eth0"})
    void theDefaultInterfaceHoldsTheNodeAddress(String holder, String expected) throws Exception {
        Files.createDirectories(proc.resolve("net"));
        Files.write(proc.resolve("net/dev"), List.of(NetDevTest.POD_NET_DEV.get(0), NetDevTest.POD_NET_DEV.get(1),
                NetDevTest.POD_NET_DEV.get(2),
                "orch252:   5000      10    0    0    0     0          0         0     7000      12    0    0    0     0       0          0",
                "veth9:      100       1    0    0    0     0          0         0      200       2    0    0    0     0       0          0"));
        NetworkUsage usage = new NodeNetwork(proc, "10.244.252.1", ip -> holder).read(T0);
        assertEquals(expected, usage.defaultName());
        assertEquals(List.of(new InterfaceStats("orch252", 5000, 0, 7000, 0)), usage.interfaces());
        assertEquals(expected.equals("orch252"), usage.defaultInterface().isPresent());
        assertEquals(T0, usage.time());
    }

    @Test
    void loopbackIsFoundOnThisMachineAndNamesAreNotLookedUp() {
        assertEquals("lo", NodeNetwork.interfaceHolding("127.0.0.1"));
        assertEquals("", NodeNetwork.interfaceHolding("192.0.2.1")); // TEST-NET-1: on no interface
        assertEquals("", NodeNetwork.interfaceHolding("node.example"));
    }
}
