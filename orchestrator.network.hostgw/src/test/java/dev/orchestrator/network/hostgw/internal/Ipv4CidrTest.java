package dev.orchestrator.network.hostgw.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Ipv4CidrTest {

    @ParameterizedTest
    @CsvSource({
        "10.244.1.0/24, 10.244.1.0/24",
        "0.0.0.0/0, 0.0.0.0/0",
        "10.244.1.5, 10.244.1.5/32",
        "255.255.255.255/32, 255.255.255.255/32",
        "192.168.0.0/16, 192.168.0.0/16"})
    void parsesAndPrintsCanonically(String text, String printed) {
        assertEquals(printed, Ipv4Cidr.parse(text).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.244.1.0/", "10.244.1.0/33", "10.244.1.5/24", "10.244.1/24", "10.244.1.0.0/24",
        "10.244.256.0/24", "fd00::/64", "localhost", "10.244.1.0/-1", "10.244.1.0/ 24", "1e1.0.0.0/8", "default"})
    void refusesWhatIsNotAnIpv4Network(String text) {
        assertThrows(IllegalArgumentException.class, () -> Ipv4Cidr.parse(text));
        assertTrue(Ipv4Cidr.tryParse(text).isEmpty());
    }

    @Test
    void containmentAndOverlap() {
        Ipv4Cidr cluster = Ipv4Cidr.parse("10.244.0.0/16");
        Ipv4Cidr pods = Ipv4Cidr.parse("10.244.7.0/24");
        assertTrue(cluster.contains(pods));
        assertFalse(pods.contains(cluster));
        assertTrue(pods.overlaps(cluster));
        assertFalse(pods.overlaps(Ipv4Cidr.parse("10.244.8.0/24")));
        assertFalse(cluster.contains(Ipv4Cidr.parse("10.245.0.0/24")));
        assertTrue(Ipv4Cidr.parse("0.0.0.0/0").contains(Ipv4Cidr.parse("200.1.2.0/24")));
        assertTrue(pods.containsAddress(Ipv4Cidr.parseAddress("10.244.7.200")));
    }

    @Test
    void ordersByAddressAsUnsignedThenWiderFirst() {
        Ipv4Cidr high = Ipv4Cidr.parse("200.0.0.0/8");
        Ipv4Cidr low = Ipv4Cidr.parse("10.0.0.0/8");
        assertTrue(low.compareTo(high) < 0, "200.x sorts after 10.x although its int is negative");
        assertTrue(Ipv4Cidr.parse("10.0.0.0/8").compareTo(Ipv4Cidr.parse("10.0.0.0/16")) < 0);
        assertEquals(4294967295L, Ipv4Cidr.parse("255.255.255.255/32").last());
        assertEquals(Ipv4Cidr.parse("10.244.1.0/24").first() + 255, Ipv4Cidr.parse("10.244.1.0/24").last());
    }
}
