package dev.orchestrator.apiserver.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Summary API document → NodeMetrics and PodMetrics, field by field. */
class MetricsObjectsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:07.9Z");
    private static final Duration WINDOW = Duration.ofSeconds(10);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void aNodeMetricsHasTheNodesNameLabelsSampleTimeWindowAndUsage() throws Exception {
        NodeSummary summary = NodeSummary.from(json(Summaries.of("n1").node(1_234_567_890L, 2L << 30).json()));
        JsonNode node = json("{'metadata':{'name':'n1','uid':'x','labels':{'zone':'a'},'resourceVersion':'9'},"
                + "'status':{'capacity':{'cpu':'2'}}}");
        ObjectNode m = MetricsObjects.nodeMetrics(node, summary.node().orElseThrow(), WINDOW, NOW);
        assertEquals(json("{'kind':'NodeMetrics','apiVersion':'metrics.k8s.io/v1beta1',"
                + "'metadata':{'name':'n1','creationTimestamp':'2026-12-02T10:00:07Z','labels':{'zone':'a'}},"
                + "'timestamp':'2026-12-02T10:00:00Z','window':'10s',"
                + "'usage':{'cpu':'1234567890n','memory':'2Gi'}}"), m);
    }

    @Test
    void aPodMetricsHasOneEntryPerContainerAndTheEarliestContainerTime() throws Exception {
        NodeSummary summary = NodeSummary.from(json(Summaries.of("n1").node(1, 1)
                .pod("default", "web", "u1", "side", 1_000_000L, 1536L, Summaries.T1,
                        "main", 500_000_000L, 12L << 20, Summaries.T0).json()));
        NodeSummary.PodUsage usage = summary.pod("default", "web").orElseThrow();
        assertEquals("u1", usage.uid());
        JsonNode pod = json("{'metadata':{'name':'web','namespace':'default','labels':{'app':'web'}}}");
        ObjectNode m = MetricsObjects.podMetrics(pod, usage, WINDOW, NOW);
        assertEquals(json("{'kind':'PodMetrics','apiVersion':'metrics.k8s.io/v1beta1',"
                + "'metadata':{'name':'web','namespace':'default','creationTimestamp':'2026-12-02T10:00:07Z',"
                + "'labels':{'app':'web'}},'timestamp':'2026-12-02T10:00:00Z','window':'10s',"
                + "'containers':[{'name':'main','usage':{'cpu':'500m','memory':'12Mi'}},"
                + "{'name':'side','usage':{'cpu':'1m','memory':'1536'}}]}"), m);
    }

    @Test
    void noLabelsMeansNoLabelsField() throws Exception {
        NodeSummary summary = NodeSummary.from(json(Summaries.of("n1").node(0, 0).json()));
        ObjectNode m = MetricsObjects.nodeMetrics(json("{'metadata':{'name':'n1'}}"), summary.node().orElseThrow(),
                WINDOW, NOW);
        assertFalse(m.path("metadata").has("labels"));
        assertEquals("0", m.at("/usage/cpu").asText());
    }

    @Test
    void whatHasNoCpuRateYetIsLeftOut() throws Exception {
        NodeSummary summary = NodeSummary.from(json(Summaries.of("n1").node(-1, 4096)
                .pod("default", "new", "u1", "main", -1L, 100L, Summaries.T0)
                .pod("default", "half", "u2", "a", 5L, 100L, Summaries.T0, "b", -1L, 100L, Summaries.T0)
                .pod("default", "ok", "u3", "main", 5L, 100L, Summaries.T0).json()));
        assertTrue(summary.node().isEmpty(), "a node sampled once has no CPU rate");
        assertTrue(summary.pod("default", "new").isEmpty());
        assertTrue(summary.pod("default", "half").isEmpty(), "a pod counts only when all its containers have a rate");
        assertTrue(summary.pod("default", "ok").isPresent());
        assertTrue(summary.pod("other", "ok").isEmpty());
    }

    @Test
    void malformedOrEmptySummariesGiveNothingRatherThanAnError() throws Exception {
        for (String text : new String[] {"{}", "[]", "{'node':{'cpu':{'usageNanoCores':'many'}}}",
                "{'node':{'cpu':{'usageNanoCores':5,'time':'yesterday'},'memory':{'workingSetBytes':1}}}",
                "{'pods':[{'podRef':{'name':'p'},'containers':[]},{'containers':[{'name':'c'}]}]}"}) {
            NodeSummary summary = NodeSummary.from(json(text));
            assertTrue(summary.node().isEmpty(), text);
            assertTrue(summary.pods().isEmpty(), text);
        }
    }
}
