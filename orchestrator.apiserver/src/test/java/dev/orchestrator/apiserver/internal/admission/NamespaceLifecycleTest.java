package dev.orchestrator.apiserver.internal.admission;

import static dev.orchestrator.apiserver.internal.admission.Plugins.createPod;
import static dev.orchestrator.apiserver.internal.admission.Plugins.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.api.admission.AdmissionDeniedException;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.Operation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NamespaceLifecycleTest {

    private final NamespaceLifecycle lifecycle = new NamespaceLifecycle();

    @Test
    void aMissingNamespaceIsNotFound() {
        var denied = assertThrows(AdmissionDeniedException.class,
                () -> lifecycle.admit(createPod("gone", "p"), json("{}"), new Plugins.MemoryContext()));
        assertEquals(404, denied.code);
        assertEquals("NotFound", denied.reason);
        assertEquals("namespaces \"gone\" not found", denied.getMessage());
    }

    @Test
    void aTerminatingNamespaceTakesNoNewContent() {
        var context = new Plugins.MemoryContext().put("", "namespaces",
                json("{'metadata':{'name':'ns','deletionTimestamp':'2026-01-01T00:00:00Z'}}"));
        var denied = assertThrows(AdmissionDeniedException.class, () -> lifecycle.admit(createPod("ns", "p"), json("{}"), context));
        assertEquals(403, denied.code);
        assertEquals("unable to create new content in namespace ns because it is being terminated", denied.getMessage());
    }

    @Test
    void systemNamespacesMayNotBeDeleted() {
        for (String name : List.of("default", "kube-system", "kube-public")) {
            AdmissionRequest delete = new AdmissionRequest(Operation.DELETE, "", "v1", "namespaces", "", "Namespace", "",
                    name, "admin", List.of(), false, Optional.empty());
            var denied = assertThrows(AdmissionDeniedException.class,
                    () -> lifecycle.validate(delete, json("{}"), new Plugins.MemoryContext()));
            assertEquals("this namespace may not be deleted", denied.getMessage());
        }
        AdmissionRequest other = new AdmissionRequest(Operation.DELETE, "", "v1", "namespaces", "", "Namespace", "",
                "team", "admin", List.of(), false, Optional.empty());
        lifecycle.validate(other, json("{}"), new Plugins.MemoryContext());
    }
}
