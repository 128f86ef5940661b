package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.cause;
import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DaemonSets, StatefulSets and ControllerRevisions through the write path: Kubernetes' defaults, 422s, fixed fields. */
class DaemonAndStatefulSetWritesTest {

    private static final String MERGE = "application/merge-patch+json";
    private static final String TEMPLATE = "'selector':{'matchLabels':{'app':'x'}},'template':{'metadata':{'labels':"
            + "{'app':'x'}},'spec':{'containers':[{'name':'c','image':'busybox'}]}}";
    private WritePath path;

    @BeforeEach
    void open() throws Exception {
        path = new WritePath();
    }

    @AfterEach
    void close() throws Exception {
        path.close();
    }

    private ResourceType type(String plural) {
        return path.type("apps", "v1", plural);
    }

    private ObjectNode create(String plural, String spec) {
        return path.writes.create(type(plural), "default", json("{'metadata':{'name':'x'},'spec':{" + spec + "}}"), false);
    }

    private ApiException refused(String plural, String spec) {
        return assertThrows(ApiException.class, () -> create(plural, spec));
    }

    @Test
    void aDaemonSetGetsKubernetesDefaults() {
        ObjectNode ds = create("daemonsets", TEMPLATE);
        assertEquals("RollingUpdate", ds.at("/spec/updateStrategy/type").asText());
        assertEquals(1, ds.at("/spec/updateStrategy/rollingUpdate/maxUnavailable").asInt());
        assertEquals(0, ds.at("/spec/updateStrategy/rollingUpdate/maxSurge").asInt());
        assertEquals(10, ds.at("/spec/revisionHistoryLimit").asInt());
        assertEquals("Always", ds.at("/spec/template/spec/restartPolicy").asText());
        assertEquals(0, ds.at("/status/desiredNumberScheduled").asInt(-1));
    }

    @Test
    void badDaemonSetsAreRefusedWithTheirFields() {
        ApiException e = refused("daemonsets", "'selector':{'matchLabels':{'app':'y'}},'template':{'metadata':{'labels':"
                + "{'app':'x'}},'spec':{'restartPolicy':'Never','containers':[{'name':'c','image':'busybox'}]}},"
                + "'updateStrategy':{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':0,'maxSurge':0}}");
        assertEquals(422, e.code);
        assertTrue(cause(e, "spec.template.metadata.labels").message().contains("`selector` does not match"));
        assertEquals("FieldValueNotSupported", cause(e, "spec.template.spec.restartPolicy").reason());
        assertTrue(cause(e, "spec.updateStrategy.rollingUpdate.maxUnavailable").message().contains("may not be 0"));
        assertEquals("FieldValueNotSupported", cause(refused("daemonsets", TEMPLATE
                + ",'updateStrategy':{'type':'Sometimes'}"), "spec.updateStrategy.type").reason());
        assertEquals("FieldValueForbidden", cause(refused("daemonsets", TEMPLATE
                + ",'updateStrategy':{'type':'OnDelete','rollingUpdate':{'maxUnavailable':1}}"),
                "spec.updateStrategy.rollingUpdate").reason());
    }

    @Test
    void aStatefulSetGetsKubernetesDefaults() {
        ObjectNode sts = create("statefulsets", "'serviceName':'x'," + TEMPLATE);
        assertEquals(1, sts.at("/spec/replicas").asInt());
        assertEquals("OrderedReady", sts.at("/spec/podManagementPolicy").asText());
        assertEquals("RollingUpdate", sts.at("/spec/updateStrategy/type").asText());
        assertEquals(0, sts.at("/spec/updateStrategy/rollingUpdate/partition").asInt(-1));
        assertEquals("Retain", sts.at("/spec/persistentVolumeClaimRetentionPolicy/whenDeleted").asText());
        assertEquals(0, sts.at("/status/replicas").asInt(-1));
    }

    @Test
    void badStatefulSetsAreRefusedWithTheirFields() {
        ApiException e = refused("statefulsets", "'replicas':-1,'serviceName':'Not_A_Label','podManagementPolicy':'Random',"
                + "'ordinals':{'start':-2}," + TEMPLATE);
        assertEquals(422, e.code);
        assertTrue(cause(e, "spec.replicas").message().contains("greater than or equal to 0"));
        assertTrue(cause(e, "spec.serviceName").message().startsWith("Invalid value: \"Not_A_Label\""));
        assertEquals("FieldValueNotSupported", cause(e, "spec.podManagementPolicy").reason());
        assertTrue(cause(e, "spec.ordinals.start").message().contains("greater than or equal to 0"));
        ApiException claims = refused("statefulsets", TEMPLATE + ",'volumeClaimTemplates':[{'metadata':{'name':'Data'},"
                + "'spec':{'accessModes':['ReadWriteSometimes'],'resources':{'requests':{}}}}]");
        assertTrue(cause(claims, "spec.volumeClaimTemplates[0].metadata.name").message().startsWith("Invalid value"));
        assertEquals("FieldValueNotSupported", cause(claims, "spec.volumeClaimTemplates[0].spec.accessModes[0]").reason());
        assertEquals("FieldValueRequired", cause(claims, "spec.volumeClaimTemplates[0].spec.resources.requests[storage]")
                .reason());
    }

    @Test
    void aContainerMayMountAClaimTemplateByItsName() {
        ObjectNode sts = create("statefulsets", "'serviceName':'x','selector':{'matchLabels':{'app':'x'}},'template':{"
                + "'metadata':{'labels':{'app':'x'}},'spec':{'containers':[{'name':'c','image':'busybox','volumeMounts':"
                + "[{'name':'data','mountPath':'/data'}]}]}},'volumeClaimTemplates':[{'metadata':{'name':'data'},"
                + "'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}}}}]");
        assertEquals("data", sts.at("/spec/volumeClaimTemplates/0/metadata/name").asText());
        assertTrue(sts.at("/spec/template/spec/volumes").isMissingNode(), "the stored template is left as sent");
        ApiException e = refused("statefulsets", "'serviceName':'x','selector':{'matchLabels':{'app':'x'}},'template':{"
                + "'metadata':{'labels':{'app':'x'}},'spec':{'containers':[{'name':'c','image':'busybox','volumeMounts':"
                + "[{'name':'logs','mountPath':'/logs'}]}]}}");
        assertTrue(cause(e, "spec.template.spec.containers[0].volumeMounts[0].name").message().contains("Not found"));
    }

    @Test
    void aStatefulSetChangesOnlyInTheFieldsKubernetesLetsChange() {
        create("statefulsets", "'serviceName':'x'," + TEMPLATE);
        ObjectNode scaled = path.writes.patch(type("statefulsets"), "default", "x", null, MERGE,
                bytes("{'spec':{'replicas':3,'updateStrategy':{'rollingUpdate':{'partition':1}},'template':{'metadata':"
                        + "{'annotations':{'a':'b'}}}}}"), false);
        assertEquals(3, scaled.at("/spec/replicas").asInt());
        assertEquals(2, scaled.at("/metadata/generation").asInt());
        ApiException e = assertThrows(ApiException.class, () -> path.writes.patch(type("statefulsets"), "default", "x",
                null, MERGE, bytes("{'spec':{'serviceName':'other'}}"), false));
        assertEquals(422, e.code);
        assertTrue(cause(e, "spec").message().startsWith("Forbidden: updates to statefulset spec for fields other than "
                + "'replicas', 'ordinals', 'template', 'updateStrategy'"), cause(e, "spec").message());
    }

    @Test
    void aControllerRevisionsDataNeverChanges() {
        ResourceType revisions = type("controllerrevisions");
        path.writes.create(revisions, "default", json("{'metadata':{'name':'x-1'},'data':{'spec':{'a':1}},'revision':1}"),
                false);
        ObjectNode renumbered = path.writes.patch(revisions, "default", "x-1", null, MERGE, bytes("{'revision':3}"), false);
        assertEquals(3, renumbered.path("revision").asInt());
        ApiException e = assertThrows(ApiException.class, () -> path.writes.patch(revisions, "default", "x-1", null, MERGE,
                bytes("{'data':{'spec':{'a':2}}}"), false));
        assertTrue(cause(e, "data").message().endsWith("field is immutable"));
        ApiException negative = assertThrows(ApiException.class, () -> path.writes.create(revisions, "default",
                json("{'metadata':{'name':'x-2'},'revision':-1}"), false));
        assertEquals(422, negative.code);
    }

    private static byte[] bytes(String text) {
        return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
