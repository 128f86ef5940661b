package dev.orchestrator.kubelet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantitiesTest {

    @ParameterizedTest(name = "{0} - {1} = {2}")
    @CsvSource({
        "2, 100m, 1900m",
        "4, 1, 3",
        "8Gi, 256Mi, 8321499136",
        "100m, 1, 0",       // never below zero
        "1500m, 500m, 1",
    })
    void minus(String a, String b, String expected) {
        assertEquals(new Quantity(expected).getNumericalAmount().compareTo(
                Quantities.minus(new Quantity(a), new Quantity(b)).getNumericalAmount()), 0,
                () -> a + " - " + b + " gave " + Quantities.minus(new Quantity(a), new Quantity(b)));
    }

    @ParameterizedTest
    @CsvSource({"250m, 250", "1, 1000", "1.5, 1500", "0.0001, 1"})
    void millis(String q, long expected) {
        assertEquals(expected, Quantities.millis(new Quantity(q)));
    }
}
