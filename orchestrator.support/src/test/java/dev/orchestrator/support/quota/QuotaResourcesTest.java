package dev.orchestrator.support.quota;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.support.quota.QuotaResources.Target;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QuotaResourcesTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    @ParameterizedTest
    @CsvSource({"pods,'',pods", "services,'',services", "count/pods,'',pods", "count/deployments.apps,apps,deployments",
            "count/widgets.example.com,example.com,widgets"})
    void countsName(String name, String group, String resource) {
        assertEquals(Optional.of(new Target(group, resource)), QuotaResources.countOf(name));
    }

    @Test
    void computeNamesAreAboutPods() {
        assertEquals(Optional.of("cpu"), QuotaResources.computeOf("requests.cpu"));
        assertEquals(Optional.of("memory"), QuotaResources.computeOf("memory"));
        assertEquals(Optional.empty(), QuotaResources.countOf("requests.cpu"));
        assertTrue(QuotaResources.concerns("limits.memory", new Target("", "pods")));
    }

    @Test
    void aPodAddsItsCountAndItsRequestsUnlessFinished() throws Exception {
        JsonNode pod = json("{'spec':{'initContainers':[{'resources':{'requests':{'cpu':'2'}}}],'containers':["
                + "{'resources':{'requests':{'cpu':'250m','memory':'64Mi'},'limits':{'memory':'128Mi'}}},"
                + "{'resources':{'requests':{'cpu':'500m'}}}]}}");
        Map<String, BigDecimal> usage = QuotaResources.usageOf(new Target("", "pods"), pod,
                Set.of("pods", "requests.cpu", "memory", "limits.memory", "services"));
        assertEquals(0, usage.get("pods").compareTo(BigDecimal.ONE));
        assertEquals(0, usage.get("requests.cpu").compareTo(new BigDecimal("2")), "the init container's 2 beats 750m");
        assertEquals(0, usage.get("memory").compareTo(BigDecimal.valueOf(64L << 20)));
        assertEquals(0, usage.get("limits.memory").compareTo(BigDecimal.valueOf(128L << 20)));
        assertTrue(!usage.containsKey("services"));
        JsonNode done = json("{'status':{'phase':'Succeeded'}}");
        assertTrue(QuotaResources.usageOf(new Target("", "pods"), done, Set.of("pods")).isEmpty());
    }

    @ParameterizedTest
    @CsvSource({"cpu,0.5,500m", "cpu,2,2", "requests.cpu,0.75,750m", "memory,268435456,256Mi", "pods,10,10",
            "memory,1000000000,1G", "limits.memory,0,0"})
    void formatsAmountsAsKubernetesPrintsThem(String resource, String amount, String text) {
        assertEquals(text, Quantities.format(resource, new BigDecimal(amount)));
    }

    @Test
    void printsSortedLists() {
        assertEquals("pods=2,requests.cpu=600m", QuotaResources.print(Map.of("requests.cpu", new BigDecimal("0.6"),
                "pods", BigDecimal.valueOf(2))));
    }
}
