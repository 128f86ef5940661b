package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static dev.orchestrator.apiserver.internal.WritePath.cause;
import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * HorizontalPodAutoscalers through the write path: stored as autoscaling/v2 with Kubernetes' defaults,
 * validated as 422s naming the field, served as autoscaling/v1 too (conversion both ways, v2-only fields
 * kept in annotations across a v1 read-modify-write), and kubectl's TARGETS column.
 */
class HorizontalPodAutoscalerApiTest {

    private static final String MERGE = "application/merge-patch+json";
    private WritePath path;
    private ResourceRegistry registry;
    private ResourceType v2;
    private ResourceType v1;
    private ObjectStorage storage;
    private ObjectWrites writes;

    @BeforeEach
    void open() throws Exception {
        path = new WritePath();
        registry = path.registry;
        v2 = path.type("autoscaling", "v2", "horizontalpodautoscalers");
        v1 = path.type("autoscaling", "v1", "horizontalpodautoscalers");
        storage = path.storage;
        writes = path.writes;
    }

    @AfterEach
    void close() throws Exception {
        path.close();
    }

    private ApiException invalid(String spec) {
        return assertThrows(ApiException.class, () -> writes.create(v2, "default",
                json("{'metadata':{'name':'bad'},'spec':" + spec + "}"), false));
    }

    @Test
    void aV2ObjectGetsKubernetesDefaults() {
        ObjectNode hpa = writes.create(v2, "default", json("{'metadata':{'name':'web'},'spec':{'scaleTargetRef':"
                + "{'apiVersion':'apps/v1','kind':'Deployment','name':'web'},'maxReplicas':4,'behavior':{}}}"), false);
        assertEquals(1, hpa.at("/spec/minReplicas").asInt());
        assertEquals("cpu", hpa.at("/spec/metrics/0/resource/name").asText());
        assertEquals(80, hpa.at("/spec/metrics/0/resource/target/averageUtilization").asInt());
        assertEquals(0, hpa.at("/spec/behavior/scaleUp/stabilizationWindowSeconds").asInt());
        assertEquals("Max", hpa.at("/spec/behavior/scaleUp/selectPolicy").asText());
        assertEquals(2, hpa.at("/spec/behavior/scaleUp/policies").size());
        assertEquals("Percent", hpa.at("/spec/behavior/scaleDown/policies/0/type").asText());
        assertEquals(15, hpa.at("/spec/behavior/scaleDown/policies/0/periodSeconds").asInt());
        assertFalse(hpa.at("/spec/behavior/scaleDown").has("stabilizationWindowSeconds"),
                "left to the controller's downscale stabilization, as in Kubernetes");
    }

    @Test
    void invalidSpecsAre422sNamingTheField() {
        ApiException e = invalid("{'scaleTargetRef':{},'minReplicas':0,'maxReplicas':0}");
        assertEquals("Required value", cause(e, "spec.scaleTargetRef.kind").message());
        assertEquals("Required value", cause(e, "spec.scaleTargetRef.name").message());
        assertEquals("Invalid value: 0: must be greater than or equal to 1", cause(e, "spec.minReplicas").message());
        assertEquals("Invalid value: 0: must be greater than 0", cause(e, "spec.maxReplicas").message());

        e = invalid("{'scaleTargetRef':{'kind':'Deployment','name':'web'},'minReplicas':3,'maxReplicas':2}");
        assertEquals("Invalid value: 2: must be greater than or equal to `minReplicas`", cause(e, "spec.maxReplicas").message());

        e = invalid("{'scaleTargetRef':{'kind':'Deployment','name':'web'},'maxReplicas':2,'metrics':["
                + "{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':0}}},"
                + "{'type':'Resource','pods':{}},"
                + "{'type':'Pods','pods':{'metric':{'name':'qps'},'target':{'type':'Utilization','averageUtilization':5}}},"
                + "{'type':'Resource','resource':{'name':'memory','target':{'type':'AverageValue'}}}]}");
        assertEquals("Invalid value: 0: must be greater than 0",
                cause(e, "spec.metrics[0].resource.target.averageUtilization").message());
        assertTrue(cause(e, "spec.metrics[1].resource").message().startsWith("Required value: must populate"));
        assertTrue(cause(e, "spec.metrics[1].pods").message().startsWith("Forbidden: must populate the given metric source only"));
        assertEquals("FieldValueNotSupported", cause(e, "spec.metrics[2].pods.target.type").reason());
        assertEquals("FieldValueRequired", cause(e, "spec.metrics[3].resource.target.averageValue").reason());

        e = invalid("{'scaleTargetRef':{'kind':'Deployment','name':'web'},'maxReplicas':2,'behavior':{"
                + "'scaleUp':{'stabilizationWindowSeconds':3601,'policies':[{'type':'Pods','value':1,'periodSeconds':0}]},"
                + "'scaleDown':{'stabilizationWindowSeconds':-1,'selectPolicy':'Most',"
                + "'policies':[{'type':'Percent','value':10,'periodSeconds':1801}]}}}");
        assertEquals("Invalid value: 3601: must be less than or equal to 3600",
                cause(e, "spec.behavior.scaleUp.stabilizationWindowSeconds").message());
        assertEquals("Invalid value: 0: must be greater than zero",
                cause(e, "spec.behavior.scaleUp.policies[0].periodSeconds").message());
        assertEquals("Invalid value: -1: must be greater than or equal to zero",
                cause(e, "spec.behavior.scaleDown.stabilizationWindowSeconds").message());
        assertEquals("Invalid value: 1801: must be less than or equal to 1800",
                cause(e, "spec.behavior.scaleDown.policies[0].periodSeconds").message());
        assertEquals("FieldValueNotSupported", cause(e, "spec.behavior.scaleDown.selectPolicy").reason());
    }

    @Test
    void aV1WriteIsStoredAsV2AndReadBackAsV1() {
        ObjectNode stored = writes.create(registry.storedFormOf(v1), "default",
                asStored(json("{'apiVersion':'autoscaling/v1','kind':'HorizontalPodAutoscaler','metadata':{'name':'web'},"
                        + "'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'maxReplicas':3,"
                        + "'targetCPUUtilizationPercentage':50}}")), false);
        assertEquals("autoscaling/v2", stored.path("apiVersion").asText());
        assertEquals(50, stored.at("/spec/metrics/0/resource/target/averageUtilization").asInt());
        assertEquals(1, stored.at("/spec/metrics").size());

        ObjectNode read = v1.served(storage.getOrNotFound(v2, "default", "web"));
        assertEquals("autoscaling/v1", read.path("apiVersion").asText());
        assertEquals(50, read.at("/spec/targetCPUUtilizationPercentage").asInt());
        assertFalse(read.path("spec").has("metrics"));
        assertFalse(read.path("metadata").has("annotations"), read.toString());
        assertEquals(1, read.at("/spec/minReplicas").asInt());
    }

    @Test
    void v2OnlyFieldsSurviveAV1PatchInAnnotations() {
        writes.create(v2, "default", json("{'metadata':{'name':'web'},'spec':{'scaleTargetRef':{'kind':'Deployment',"
                + "'name':'web'},'maxReplicas':4,'metrics':[{'type':'Resource','resource':{'name':'memory','target':"
                + "{'type':'AverageValue','averageValue':'100Mi'}}},{'type':'Resource','resource':{'name':'cpu',"
                + "'target':{'type':'Utilization','averageUtilization':60}}}],"
                + "'behavior':{'scaleDown':{'stabilizationWindowSeconds':30}}}}"), false);
        writes.update(v2, "default", "web", "status", json("{'metadata':{'name':'web'},'status':{'currentReplicas':2,"
                + "'desiredReplicas':2,'currentMetrics':[{'type':'Resource','resource':{'name':'cpu','current':"
                + "{'averageUtilization':12,'averageValue':'12m'}}}],'conditions':[{'type':'AbleToScale','status':'True',"
                + "'reason':'ReadyForNewScale','lastTransitionTime':'2026-01-01T00:00:00Z'}]}}"), false);

        ObjectNode asV1 = v1.served(storage.getOrNotFound(v2, "default", "web"));
        assertEquals(60, asV1.at("/spec/targetCPUUtilizationPercentage").asInt());
        assertEquals(12, asV1.at("/status/currentCPUUtilizationPercentage").asInt());
        assertTrue(asV1.at("/metadata/annotations").path(HpaV1Conversion.METRICS).asText().contains("memory"));
        assertTrue(asV1.at("/metadata/annotations").path(HpaV1Conversion.BEHAVIOR).asText().contains("30"));
        assertTrue(asV1.at("/metadata/annotations").path(HpaV1Conversion.CONDITIONS).asText().contains("AbleToScale"));

        ObjectNode patched = writes.patch(v1, "default", "web", null, MERGE,
                "{\"spec\":{\"maxReplicas\":5,\"targetCPUUtilizationPercentage\":70}}".getBytes(StandardCharsets.UTF_8),
                false);
        assertEquals("autoscaling/v2", patched.path("apiVersion").asText());
        assertEquals(5, patched.at("/spec/maxReplicas").asInt());
        assertEquals(2, patched.at("/spec/metrics").size());
        assertEquals(70, patched.at("/spec/metrics/0/resource/target/averageUtilization").asInt());
        assertEquals("memory", patched.at("/spec/metrics/1/resource/name").asText());
        assertEquals(30, patched.at("/spec/behavior/scaleDown/stabilizationWindowSeconds").asInt());
        assertEquals("AbleToScale", patched.at("/status/conditions/0/type").asText());
        assertFalse(patched.path("metadata").has("annotations"), patched.toString());
        assertEquals(2, patched.at("/metadata/generation").asInt());
    }

    @Test
    void aV1ValueOutOfRangeNamesTheV2Field() {
        ApiException e = assertThrows(ApiException.class, () -> writes.create(v2, "default", asStored(json(
                "{'metadata':{'name':'web'},'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'maxReplicas':3,"
                        + "'targetCPUUtilizationPercentage':0}}")), false));
        assertEquals("Invalid value: 0: must be greater than 0",
                cause(e, "spec.metrics[0].resource.target.averageUtilization").message());
    }

    @Test
    void targetsColumnShowsCurrentOverTarget() {
        ObjectNode hpa = json("{'spec':{'metrics':[{'type':'Resource','resource':{'name':'cpu','target':"
                + "{'type':'Utilization','averageUtilization':50}}}]}}");
        assertEquals("cpu: <unknown>/50%", HpaStrategy.targets(hpa));
        hpa.putObject("status").putArray("currentMetrics").add(json("{'type':'Resource','resource':{'name':'cpu',"
                + "'current':{'averageUtilization':12}}}"));
        assertEquals("cpu: 12%/50%", HpaStrategy.targets(hpa));
        assertEquals("<none>", HpaStrategy.targets(json("{'spec':{}}")));
    }

    @Test
    void discoveryAdvertisesBothVersionsV2Preferred() {
        ObjectNode group = new Discovery(registry).apiGroup("autoscaling");
        assertEquals("autoscaling/v2", group.at("/preferredVersion/groupVersion").asText());
        assertEquals(2, group.path("versions").size());
        assertEquals("autoscaling/v1", group.at("/versions/1/groupVersion").asText());
        ObjectNode v1List = new Discovery(registry).resourceList("autoscaling/v1");
        assertEquals("horizontalpodautoscalers", v1List.at("/resources/0/name").asText());
        assertEquals("hpa", v1List.at("/resources/0/shortNames/0").asText());
    }

    private ObjectNode asStored(ObjectNode v1Body) {
        ObjectMeta.checkTypeMeta(v1Body, v1.apiVersion(), v1.kind());
        return v1.conversion().orElseThrow().toStored(v1Body);
    }
}
