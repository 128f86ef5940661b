package dev.orchestrator.proxy.nftables.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Ipv4Test {

    @ParameterizedTest
    @CsvSource({
        "10.96.0.1, true", "0.0.0.0, true", "255.255.255.255, true", "127.0.0.1, true",
        "256.1.1.1, false", "10.96.0, false", "10.96.0.1.2, false", "010.1.1.1, false", "'10.96.0.1 ', false",
        "a.b.c.d, false", "fd00::1, false", "'', false", "10..0.1, false", "1.2.3.4/8, false", "1.2.3.1000, false",
    })
    void addresses(String text, boolean valid) {
        assertEquals(valid, Ipv4.isAddress(text), text);
    }

    @ParameterizedTest
    @CsvSource({
        "10.244.0.0/16, true", "0.0.0.0/0, true", "10.1.2.3/32, true",
        "10.244.0.0/33, false", "10.244.0.0, false", "10.244.0.0/, false", "10.244.0.0/016, false",
        "10.244.0.0/1x, false", "10.244.0/16, false",
    })
    void ranges(String text, boolean valid) {
        assertEquals(valid, Ipv4.isCidr(text), text);
    }
}
