package dev.orchestrator.apiserver.internal.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourcePatternTest {

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @CsvSource({
            "secrets, /registry/secrets/default/db, true",
            "secrets, /registry/configmaps/default/db, false",
            "secrets, /registry/secretsx/default/db, false",
            "deployments.apps, /registry/apps/deployments/default/web, true",
            "deployments.apps, /registry/apps/replicasets/default/web, false",
            "*.apps, /registry/apps/replicasets/default/web, true",
            "*.apps, /registry/secrets/default/db, false",
            "*., /registry/secrets/default/db, true",
            "*., /registry/namespaces/default, true",
            "*., /registry/apps/deployments/default/web, false",
            "*., /registry/example.com/widgets/default/w, false",
            "widgets.example.com, /registry/example.com/widgets/default/w, true",
            "*.example.com, /registry/example.com/widgets/default/w, true",
            "*.*, /registry/batch/jobs/default/j, true",
            "*.*, /registry/secrets/default/db, true",
            "*.*, /other/secrets/default/db, false",
            "leases.coordination.k8s.io, /registry/coordination.k8s.io/leases/kube-node-lease/n1, true",
    })
    void matchesStoreKeys(String pattern, String key, boolean matches) {
        assertEquals(matches, ResourcePattern.parse(pattern).matches(key));
    }

    @ParameterizedTest
    @CsvSource({"*", "Secrets", "secrets.", "secrets.*", "*.Apps", "'se crets'", "''"})
    void rejectsWhatIsNoResource(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResourcePattern.parse(text));
        assertTrue(e.getMessage().contains("\""), e.getMessage());
    }

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({"*.*, secrets, true", "*., secrets, true", "*., deployments.apps, false", "*.apps, deployments.apps, true",
            "secrets, secrets, true", "secrets, *., false", "deployments.apps, *.apps, false"})
    void covers(String earlier, String later, boolean covered) {
        assertEquals(covered, ResourcePattern.parse(earlier).covers(ResourcePattern.parse(later)));
    }
}
