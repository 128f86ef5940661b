package dev.orchestrator.kubelet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestartBackoffTest {

    @ParameterizedTest(name = "restarts={0} ranFor={1}s → {2}s")
    @CsvSource({
        "0, 1, 0",      // the first crash restarts at once
        "1, 1, 10",
        "2, 1, 20",
        "3, 1, 40",
        "5, 1, 160",
        "6, 1, 300",    // capped at five minutes
        "40, 1, 300",
        "7, 600, 0",    // ran ten minutes: the count starts over
        "7, 599, 300",
    })
    void delay(int restarts, long ranForSeconds, long expectedSeconds) {
        assertEquals(Duration.ofSeconds(expectedSeconds), RestartBackoff.delay(restarts, Duration.ofSeconds(ranForSeconds)));
    }
}
