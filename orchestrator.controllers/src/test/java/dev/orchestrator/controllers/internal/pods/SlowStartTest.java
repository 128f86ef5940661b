package dev.orchestrator.controllers.internal.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlowStartTest {

    @ParameterizedTest(name = "{0} calls from {1}, failing from call {2}: batches {3}")
    @CsvSource(delimiter = ';', value = {
            "10; 1; 99; 1 2 4 3; 10",
            "1; 1; 99; 1; 1",
            "0; 1; 99; ''; 0",
            "10; 1; 0; 1; 0",
            "10; 1; 2; 1 2; 2",
            "5; 4; 99; 4 1; 5",
    })
    void batchesDoubleAndStopAtTheFirstFailingBatch(int count, int initial, int failFrom, String batches, int succeeded) {
        List<Integer> sizes = new ArrayList<>();
        int[] calls = {0};
        int ok = SlowStart.run(count, initial, n -> {
            sizes.add(n);
            int done = 0;
            for (int i = 0; i < n; i++) {
                if (calls[0]++ >= failFrom) {
                    return done;
                }
                done++;
            }
            return done;
        });
        assertEquals(batches, String.join(" ", sizes.stream().map(String::valueOf).toList()));
        assertEquals(succeeded, ok);
    }
}
