package dev.orchestrator.apiserver.internal.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.store.KeyExistsException;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListResult;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimedStoreTest {

    private final AtomicLong now = new AtomicLong();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/registry/pods/default/web,                                 pods",
            "/registry/pods/,                                            pods",
            "/registry/namespaces/default,                               namespaces",
            "/registry/apps/deployments/default/web,                     deployments.apps",
            "/registry/batch/jobs/,                                      jobs.batch",
            "/registry/rbac.authorization.k8s.io/clusterroles/admin,     clusterroles.rbac.authorization.k8s.io",
            "/registry/example.com/widgets/ns/w,                         widgets.example.com",
            "/registry/ranges/serviceips/10.0.0.1,                       ranges",
            "/other/key,                                                 ''",
    })
    void aKeyBelongsToItsGroupResource(String key, String resource) {
        assertEquals(resource, StoreKeys.resourceOf(key));
    }

    @Test
    void timesEachOperationByTypeWhetherItSucceedsOrNot() {
        Store timed = new TimedStore(slowStore(), now::get);
        byte[] value = "{}".getBytes(StandardCharsets.UTF_8);
        timed.create("/registry/pods/default/web", value);
        assertThrows(KeyExistsException.class, () -> timed.create("/registry/pods/default/web", value));
        timed.get("/registry/apps/deployments/default/web");
        timed.list(new ListRequest("/registry/pods/", 0, 0, Optional.empty()));

        Metric m = ((TimedStore) timed).metric();
        assertEquals("etcd_request_duration_seconds", m.name());
        assertEquals(Metric.Type.HISTOGRAM, m.type());
        assertEquals(2, RequestMetricsTest.value(m.samples(), "_count", Map.of("operation", "create", "type", "pods")));
        assertEquals(0.02, RequestMetricsTest.value(m.samples(), "_sum", Map.of("operation", "create", "type", "pods")),
                1e-9, "10 ms each");
        assertEquals(1, RequestMetricsTest.value(m.samples(), "_count",
                Map.of("operation", "get", "type", "deployments.apps")));
        assertEquals(1, RequestMetricsTest.value(m.samples(), "_bucket",
                Map.of("operation", "list", "type", "pods", "le", "0.025")));
        assertEquals(0, RequestMetricsTest.value(m.samples(), "_count", Map.of("operation", "delete")),
                "no series for what was never called");
    }

    /** A store on which every call takes 10 ms of the test's clock; a second create of a key fails. */
    private Store slowStore() {
        java.util.Set<String> created = new java.util.HashSet<>();
        return (Store) java.lang.reflect.Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    now.addAndGet(10_000_000L);
                    return switch (method.getName()) {
                        case "create" -> {
                            if (!created.add((String) args[0])) {
                                throw new KeyExistsException((String) args[0]);
                            }
                            yield new KeyValue((String) args[0], (byte[]) args[1], 1, 1, 1);
                        }
                        case "get" -> Optional.empty();
                        case "list" -> new ListResult(List.of(), 1, Optional.empty());
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }
}
