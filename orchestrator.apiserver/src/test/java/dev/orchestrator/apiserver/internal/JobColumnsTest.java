package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kubectl's columns of batch/v1 jobs: COMPLETIONS and DURATION as kubectl's own printer computes them. */
class JobColumnsTest {

    private static JsonNode json(String single) throws Exception {
        return new ObjectMapper().readTree(single.replace('\'', '"'));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'spec':{'completions':5,'parallelism':2},'status':{'succeeded':3}}|3/5",
            "{'spec':{'completions':1}}|0/1",
            "{'spec':{'parallelism':3},'status':{'succeeded':1}}|1/1 of 3",
            "{'spec':{'parallelism':1}}|0/1"})
    void completions(String job, String shown) throws Exception {
        assertEquals(shown, ResourceRegistry.jobCompletions(json(job)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{'status':{'startTime':'2026-01-01T00:00:00Z','completionTime':'2026-01-01T00:00:42Z'}}|42s",
            "{'status':{'startTime':'2026-01-01T00:00:00Z','completionTime':'2026-01-01T00:03:10Z'}}|3m10s",
            "{'status':{}}|''"})
    void duration(String job, String shown) throws Exception {
        assertEquals(shown, ResourceRegistry.jobDuration(json(job)));
    }
}
