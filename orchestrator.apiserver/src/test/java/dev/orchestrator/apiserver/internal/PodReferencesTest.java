package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PodReferencesTest {

    private static final JsonNode SPEC = Json.parseObject("""
            {"serviceAccountName":"runner","imagePullSecrets":[{"name":"pull"}],
             "volumes":[{"name":"a","secret":{"secretName":"vol-secret"}},{"name":"b","configMap":{"name":"vol-cm"}},
                        {"name":"c","projected":{"sources":[{"secret":{"name":"proj-secret"}},{"configMap":{"name":"proj-cm"}}]}},
                        {"name":"d","persistentVolumeClaim":{"claimName":"data"}}],
             "initContainers":[{"name":"i","envFrom":[{"secretRef":{"name":"init-env"}}]}],
             "containers":[{"name":"c","env":[{"name":"X","valueFrom":{"configMapKeyRef":{"name":"env-cm","key":"k"}}}],
                            "envFrom":[{"configMapRef":{"name":"from-cm"}}]}]}
            """.getBytes(), false);

    @Test
    void findsEveryWayAPodUsesAnObject() {
        for (String secret : new String[] {"pull", "vol-secret", "proj-secret", "init-env"}) {
            assertTrue(PodReferences.refers(SPEC, "secrets", secret), secret);
        }
        for (String configMap : new String[] {"vol-cm", "proj-cm", "env-cm", "from-cm"}) {
            assertTrue(PodReferences.refers(SPEC, "configmaps", configMap), configMap);
        }
        assertTrue(PodReferences.refers(SPEC, "persistentvolumeclaims", "data"));
        assertTrue(PodReferences.refers(SPEC, "serviceaccounts", "runner"));
        assertFalse(PodReferences.refers(SPEC, "serviceaccounts", "default"));
        assertFalse(PodReferences.refers(SPEC, "secrets", "vol-cm"));
        assertTrue(PodReferences.refers(Json.parseObject("{}".getBytes(), false), "serviceaccounts", "default"));
    }
}
