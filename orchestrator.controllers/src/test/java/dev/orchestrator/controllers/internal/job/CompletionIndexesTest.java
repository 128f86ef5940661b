package dev.orchestrator.controllers.internal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompletionIndexesTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "0 1 2|0-2",
            "0 1 2 4|0-2,4",
            "4 0 2 1|0-2,4",
            "3|3",
            "1 3 5 6 7 9|1,3,5-7,9",
            "''|''"})
    void formatsRunsAsRanges(String indexes, String formatted) {
        List<Integer> list = indexes.isBlank() ? List.of()
                : Arrays.stream(indexes.split(" ")).map(Integer::valueOf).toList();
        assertEquals(formatted, CompletionIndexes.format(list));
        assertEquals(new TreeSet<>(list), CompletionIndexes.parse(formatted, 100), "parse is the inverse");
    }

    @ParameterizedTest(name = "{0} below {1}")
    @CsvSource(delimiter = '|', value = {
            "0-2,4|3|0 1 2",
            "x,1,2-y|5|1",
            "|5|''"})
    void parsingKeepsIndexesBelowTheCompletionsAndSkipsGarbage(String text, int limit, String expected) {
        List<Integer> list = expected.isBlank() ? List.of()
                : Arrays.stream(expected.split(" ")).map(Integer::valueOf).toList();
        assertEquals(new TreeSet<>(list), CompletionIndexes.parse(text, limit));
    }
}
