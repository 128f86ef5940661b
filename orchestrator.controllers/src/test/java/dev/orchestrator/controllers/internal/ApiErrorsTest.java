package dev.orchestrator.controllers.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

    private static KubernetesClientException refused(int code, String causeReason) {
        StatusBuilder status = new StatusBuilder().withCode(code).withReason("Forbidden")
                .withMessage("pods \"web-1\" is forbidden: unable to create new content in namespace shop because it is being terminated");
        if (causeReason != null) {
            status.withNewDetails().addNewCause().withReason(causeReason).withField("metadata.namespace")
                    .withMessage("namespace shop is being terminated").endCause().endDetails();
        }
        Status built = status.build();
        return new KubernetesClientException(built);
    }

    @Test
    void onlyAForbiddenCreateWithTheNamespaceTerminatingCauseIsOne() {
        assertTrue(ApiErrors.namespaceTerminating(refused(403, "NamespaceTerminating")));
        assertFalse(ApiErrors.namespaceTerminating(refused(403, null)), "a 403 of RBAC or quota");
        assertFalse(ApiErrors.namespaceTerminating(refused(403, "FieldValueInvalid")));
        assertFalse(ApiErrors.namespaceTerminating(refused(422, "NamespaceTerminating")));
        assertFalse(ApiErrors.namespaceTerminating(new IllegalStateException("no answer")));
    }
}
