package dev.orchestrator.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

class LenientSerializationTest {

    private static final String GRACE_OUT_OF_RANGE = "9223372036854775808";

    private final Map<String, Integer> skips = new ConcurrentHashMap<>();
    private final LenientSerialization serialization = new LenientSerialization(kind -> skips.merge(kind, 1, Integer::sum));

    private static String pod(String name, String rv, String grace) {
        return """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"default","resourceVersion":"%s"},
                 "spec":{"terminationGracePeriodSeconds":%s,"containers":[{"name":"c","image":"busybox"}]}}
                """.formatted(name, rv, grace);
    }

    @Test
    void listWithOneUndecodableItemDeliversTheOthers() {
        String list = """
                {"apiVersion":"v1","kind":"PodList","metadata":{"resourceVersion":"42"},
                 "items":[%s,%s,%s]}""".formatted(pod("a", "1", "30"), pod("bad", "2", GRACE_OUT_OF_RANGE),
                pod("c", "3", "30"));

        PodList pods = serialization.unmarshal(list, PodList.class);

        assertEquals(List.of("a", "c"), pods.getItems().stream().map(p -> p.getMetadata().getName()).toList());
        assertEquals("42", pods.getMetadata().getResourceVersion());
        assertEquals(1, (int) skips.getOrDefault("Pod", 0));
    }

    @Test
    void listOfNodesWithAScalarStatusSkipsThatNode() {
        String list = """
                {"apiVersion":"v1","kind":"NodeList","metadata":{"resourceVersion":"7"},"items":[
                 {"metadata":{"name":"good"},"status":{"phase":"Running"}},
                 {"metadata":{"name":"bad"},"status":5}]}""";

        NodeList nodes = serialization.unmarshal(list, NodeList.class);

        assertEquals(List.of("good"), nodes.getItems().stream().map(n -> n.getMetadata().getName()).toList());
        assertEquals(1, (int) skips.getOrDefault("Node", 0), "list items without a kind are counted as the list's item class");
    }

    @Test
    void genericListTypeAsTheInformerAsksForIt() {
        // BaseOperation.submitList asks for DefaultKubernetesResourceList<T> when the list type is not a model class
        Type type = serialization.constructParametricType(DefaultKubernetesResourceList.class, Pod.class);
        String list = """
                {"apiVersion":"v1","kind":"PodList","metadata":{"resourceVersion":"9"},"items":[%s,%s]}"""
                .formatted(pod("bad", "2", GRACE_OUT_OF_RANGE), pod("ok", "3", "1"));

        DefaultKubernetesResourceList<Pod> pods = serialization.unmarshal(
                new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)), new TypeReference<>() {
                    @Override
                    public Type getType() {
                        return type;
                    }
                });

        assertEquals(1, pods.getItems().size());
        assertEquals("ok", pods.getItems().get(0).getMetadata().getName());
    }

    @Test
    void undecodableWatchEventBecomesABookmarkOfTheSameClassAndVersion() {
        String event = "{\"type\":\"MODIFIED\",\"object\":" + pod("bad", "77", GRACE_OUT_OF_RANGE) + "}";

        WatchEvent decoded = serialization.unmarshal(event, WatchEvent.class);

        assertEquals("BOOKMARK", decoded.getType());
        Pod stub = assertInstanceOf(Pod.class, decoded.getObject(), "the watch manager casts to the watched type");
        assertEquals("77", stub.getMetadata().getResourceVersion());
        assertEquals("bad", stub.getMetadata().getName());
        assertEquals(1, (int) skips.getOrDefault("Pod", 0));
    }

    @Test
    void goodWatchEventsAndListsAreUntouched() {
        WatchEvent added = serialization.unmarshal("{\"type\":\"ADDED\",\"object\":" + pod("a", "5", "30") + "}",
                WatchEvent.class);
        assertEquals("ADDED", added.getType());
        assertEquals(30L, ((Pod) added.getObject()).getSpec().getTerminationGracePeriodSeconds());
        Node node = serialization.unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n\"}}",
                Node.class);
        assertEquals("n", node.getMetadata().getName());
        assertEquals(0, (int) skips.getOrDefault("Pod", 0));
    }

    @Test
    void whatIsNotAnUndecodableObjectStillFails() {
        assertThrows(KubernetesClientException.class,
                () -> serialization.unmarshal("{\"type\":\"ADDED\",\"object\":{", WatchEvent.class), "malformed JSON");
        assertThrows(KubernetesClientException.class, () -> serialization.unmarshal(
                "{\"kind\":\"PodList\",\"metadata\":{\"resourceVersion\":[]},\"items\":[]}", PodList.class),
                "the list's own metadata");
        assertThrows(KubernetesClientException.class, () -> serialization.unmarshal(pod("bad", "1", GRACE_OUT_OF_RANGE),
                Pod.class), "a single object is the caller's to handle");
    }

    @Test
    void problemNamesTheFieldWithoutTheDocument() {
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> serialization.unmarshal(pod("bad", "1", GRACE_OUT_OF_RANGE), Pod.class));
        String problem = LenientSerialization.problem(e);
        assertTrue(problem.contains("terminationGracePeriodSeconds"), problem);
        assertTrue(!problem.contains("busybox"), problem);
    }

    @Test
    void elementClassOfListTypes() {
        assertEquals(Pod.class, LenientSerialization.elementClass(PodList.class));
        assertEquals(Node.class, LenientSerialization.elementClass(NodeList.class));
    }
}
