package dev.orchestrator.apiserver.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strings Kubernetes' resource.Quantity and Go's time.Duration print for the same values. */
class UsageQuantitiesTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "1, 1n",
            "123456789, 123456789n",
            "1500000, 1500u",
            "500000000, 500m",
            "1000000, 1m",
            "1000000000, 1",
            "2500000000, 2500m",
            "3000000000000, 3k",
    })
    void cpuIsDecimalNanoCoresInCanonicalForm(long nanoCores, String expected) {
        assertEquals(expected, UsageQuantities.cpu(nanoCores));
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0",
            "512, 512",
            "1000, 1k",
            "1023, 1023",
            "1024, 1Ki",
            "1536, 1536",
            "12582912, 12Mi",
            "3221225472, 3Gi",
            "1234567, 1234567",
            "2147487744, 2097156Ki",
    })
    void memoryIsBinaryBytesDecimalBelow1024(long bytes, String expected) {
        assertEquals(expected, UsageQuantities.memory(bytes));
    }

    @ParameterizedTest
    @CsvSource({
            "0.5005, 500500u",
            "0.000000001, 1n",
            "2, 2",
    })
    void summedCoresAreWrittenToTheNanoCore(String cores, String expected) {
        assertEquals(expected, UsageQuantities.cpu(new BigDecimal(cores)));
    }

    @ParameterizedTest
    @CsvSource({
            "PT10S, 10s",
            "PT1.5S, 1.5s",
            "PT1M30S, 1m30s",
            "PT1M, 1m0s",
            "PT2H, 2h0m0s",
            "PT0.25S, 250ms",
            "PT0S, 0s",
    })
    void windowsAreGoDurations(String iso, String expected) {
        assertEquals(expected, UsageQuantities.goDuration(Duration.parse(iso)));
    }
}
