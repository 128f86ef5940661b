package dev.orchestrator.apiserver.internal;

import static dev.orchestrator.apiserver.internal.WritePath.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceAccountAdmissionTest {

    private final Map<String, ObjectNode> accounts = Map.of(
            "ns/default", json("{'metadata':{'name':'default'}}"),
            "ns/robot", json("{'metadata':{'name':'robot'}}"),
            "ns/quiet", json("{'metadata':{'name':'quiet'},'automountServiceAccountToken':false}"));
    private final ServiceAccountAdmission admission =
            new ServiceAccountAdmission((ns, name) -> Optional.ofNullable(accounts.get(ns + "/" + name)), true);

    private static ObjectNode pod(String spec) {
        return json("{'metadata':{'name':'p'},'spec':" + spec + "}");
    }

    @Test
    void runsAsTheDefaultAccountWithItsCredentialsMountedInEveryContainer() {
        ObjectNode pod = pod("{'initContainers':[{'name':'i'}],'containers':[{'name':'a'},{'name':'b'}]}");
        admission.admit(pod, "ns");

        assertEquals("default", pod.at("/spec/serviceAccountName").asText());
        assertEquals("default", pod.at("/spec/serviceAccount").asText());
        JsonNode volume = pod.at("/spec/volumes/0");
        String name = volume.path("name").asText();
        assertTrue(name.matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}"), name);
        assertEquals(3607, volume.at("/projected/sources/0/serviceAccountToken/expirationSeconds").asLong());
        assertEquals("token", volume.at("/projected/sources/0/serviceAccountToken/path").asText());
        assertEquals("kube-root-ca.crt", volume.at("/projected/sources/1/configMap/name").asText());
        assertEquals("metadata.namespace", volume.at("/projected/sources/2/downwardAPI/items/0/fieldRef/fieldPath").asText());
        for (String container : new String[] {"/spec/initContainers/0", "/spec/containers/0", "/spec/containers/1"}) {
            JsonNode mount = pod.at(container + "/volumeMounts/0");
            assertEquals(name, mount.path("name").asText());
            assertEquals(ServiceAccountAdmission.MOUNT_PATH, mount.path("mountPath").asText());
            assertTrue(mount.path("readOnly").asBoolean());
        }
    }

    @Test
    void thePodsOwnChoiceWinsOverItsAccountsOnAutomount() {
        ObjectNode quiet = pod("{'serviceAccountName':'quiet','containers':[{'name':'a'}]}");
        admission.admit(quiet, "ns");
        assertFalse(quiet.path("spec").has("volumes"), "the account opts out");

        ObjectNode insists = pod("{'serviceAccountName':'quiet','automountServiceAccountToken':true,'containers':[{'name':'a'}]}");
        admission.admit(insists, "ns");
        assertEquals(1, insists.at("/spec/volumes").size());

        ObjectNode declines = pod("{'serviceAccountName':'robot','automountServiceAccountToken':false,'containers':[{'name':'a'}]}");
        admission.admit(declines, "ns");
        assertFalse(declines.path("spec").has("volumes"));
    }

    @Test
    void aContainerWithItsOwnMountThereKeepsItAndAnAdmittedPodIsNotMountedTwice() {
        ObjectNode pod = pod("{'serviceAccount':'robot','containers':[{'name':'a','volumeMounts':[{'name':'mine',"
                + "'mountPath':'" + ServiceAccountAdmission.MOUNT_PATH + "'}]},{'name':'b'}],'volumes':[{'name':'mine','emptyDir':{}}]}");
        admission.admit(pod, "ns");
        assertEquals("robot", pod.at("/spec/serviceAccountName").asText());
        assertEquals(1, pod.at("/spec/containers/0/volumeMounts").size());
        assertEquals(1, pod.at("/spec/containers/1/volumeMounts").size());
        assertEquals(2, pod.at("/spec/volumes").size());

        admission.admit(pod, "ns");
        assertEquals(2, pod.at("/spec/volumes").size());
        assertEquals(1, pod.at("/spec/containers/1/volumeMounts").size());
    }

    @Test
    void aMissingNamedAccountIsForbiddenButAMissingDefaultOneWaitsForItsController() {
        ApiException e = assertThrows(ApiException.class,
                () -> admission.admit(pod("{'serviceAccountName':'ghost','containers':[{'name':'a'}]}"), "ns"));
        assertEquals(403, e.code);
        assertEquals("pods \"p\" is forbidden: error looking up service account ns/ghost: serviceaccount \"ghost\" "
                + "not found", e.getMessage());

        ObjectNode early = pod("{'containers':[{'name':'a'}]}");
        admission.admit(early, "fresh");
        assertEquals(1, early.at("/spec/volumes").size());
    }

    @Test
    void withoutIssuedTokensOnlyTheAccountIsSet() {
        ServiceAccountAdmission development =
                new ServiceAccountAdmission((ns, name) -> Optional.ofNullable(accounts.get(ns + "/" + name)), false);
        ObjectNode pod = pod("{'containers':[{'name':'a'}]}");
        development.admit(pod, "ns");
        assertEquals("default", pod.at("/spec/serviceAccountName").asText());
        assertFalse(pod.path("spec").has("volumes"));
    }
}
