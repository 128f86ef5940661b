package dev.orchestrator.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoopbackOnlyTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "127.0.0.1, true",
        "127.1.2.3, true",
        "127.255.255.254, true",
        "::1, true",
        "[::1], true",
        "0:0:0:0:0:0:0:1, true",
        "::ffff:127.0.0.1, true",
        "10.0.0.1, false",
        "192.168.1.10, false",
        "128.0.0.1, false",
        "0.0.0.0, false",
        "::, false",
        "fe80::1%eth0, false",
        "2001:db8::1, false",
        "::ffff:10.0.0.1, false",
        "localhost, false",
        "abc, false",
        "'', false",
        "null, false",
    })
    void onlyLoopbackIsAllowed(String remoteAddr, boolean allowed) {
        assertEquals(allowed, LoopbackOnly.allows(remoteAddr), remoteAddr);
    }
}
