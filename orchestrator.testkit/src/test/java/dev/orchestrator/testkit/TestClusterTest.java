package dev.orchestrator.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestClusterTest {

    /** Keeps a Secret named like each ConfigMap with the same data, owned by it. */
    static final class Mirror implements Reconciler<ConfigMap> {
        private final KubernetesClient client;

        Mirror(KubernetesClient client) {
            this.client = client;
        }

        @Override
        public Watches<ConfigMap> watches() {
            return Watches.of("mirror", ConfigMap.class).owns(Secret.class);
        }

        @Override
        public Result reconcile(Request request, Context context) {
            Optional<ConfigMap> cm = context.lister(ConfigMap.class).get(request.namespace(), request.name());
            if (cm.isEmpty() || request.name().startsWith("kube-")) {
                return Result.done();
            }
            if (context.lister(Secret.class).get(request.namespace(), request.name()).isEmpty()) {
                client.resource(new SecretBuilder().withNewMetadata().withName(request.name())
                        .withNamespace(request.namespace()).addNewOwnerReference().withApiVersion("v1")
                        .withKind("ConfigMap").withName(request.name()).withUid(cm.get().getMetadata().getUid())
                        .withController(true).endOwnerReference().endMetadata()
                        .withStringData(cm.get().getData()).build()).create();
                context.events().normal(cm.get(), "Mirrored", "Secret " + request.name());
            }
            return Result.done();
        }
    }

    @Test
    void aReconcilerRunsOnTheRealRuntimeAgainstTheRealApiServer() throws Exception {
        try (TestCluster cluster = TestCluster.start()) {
            KubernetesClient client = cluster.client();
            Mirror mirror = new Mirror(client);
            cluster.run(mirror);
            client.resource(new ConfigMapBuilder().withNewMetadata().withName("settings").withNamespace("default")
                    .endMetadata().withData(Map.of("a", "1")).build()).create();

            Secret secret = cluster.await("the mirrored Secret", Duration.ofSeconds(30),
                    () -> client.secrets().inNamespace("default").withName("settings").get(), s -> s != null);
            assertEquals("MQ==", secret.getData().get("a"));
            assertEquals("ConfigMap", secret.getMetadata().getOwnerReferences().get(0).getKind());
            assertNotNull(cluster.await("the reconciler's event", Duration.ofSeconds(30),
                    () -> client.v1().events().inNamespace("default").list().getItems().stream()
                            .filter(e -> "Mirrored".equals(e.getReason())).findFirst().orElse(null), e -> e != null));

            // stopped: a new ConfigMap is not mirrored; started again: it is (the runtime resyncs)
            cluster.stop(mirror);
            client.resource(new ConfigMapBuilder().withNewMetadata().withName("later").withNamespace("default")
                    .endMetadata().withData(Map.of("b", "2")).build()).create();
            cluster.run(mirror);
            cluster.await("the Secret of a ConfigMap made while stopped", Duration.ofSeconds(30),
                    () -> client.secrets().inNamespace("default").withName("later").get(), s -> s != null);
        }
    }
}
