package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonDepthTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '#', value = {
        "1                                  # 0",
        "{}                                 # 1",
        "[]                                 # 1",
        "{'a':1,'b':'x'}                    # 1",
        "{'a':{'b':[1,{'c':{}}]}}           # 5",
        "{'shallow':{},'deep':[[[[1]]]]}    # 5",
    })
    void depthCountsNestedContainers(String json, int depth) throws Exception {
        assertEquals(depth, Json.depth(Json.MAPPER.readTree(json.replace('\'', '"'))));
    }

    @ParameterizedTest(name = "{0} levels")
    @CsvSource({"100", "5000"})
    void depthOfADeepObjectIsFoundWithoutRecursion(int levels) {
        ObjectNode root = Json.object();
        ObjectNode node = root;
        for (int i = 1; i < levels; i++) {
            node = node.putObject("a");
        }
        JsonNode deep = root;
        assertEquals(levels, Json.depth(deep));
    }
}
