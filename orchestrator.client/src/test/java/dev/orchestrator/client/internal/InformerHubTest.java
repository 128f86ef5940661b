package dev.orchestrator.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.orchestrator.client.SharedInformers.Subscription;
import dev.orchestrator.client.SharedInformers;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.impl.cache.CacheImpl;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hub's counting and lingering, with real fabric8 informers of a real client whose API server is not there
 * (127.0.0.1:1 refuses): the informers keep retrying, which is all these tests need of them.
 */
class InformerHubTest {

    private final KubernetesClient client = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").withRequestTimeout(1000).build())
            .withHttpClientFactory(new JdkHttpClientFactory()).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final InformerHub hub = new InformerHub(client, new BackoffInformerSupervisor(new InformerCounters()),
            timer, Duration.ofMillis(300));

    @AfterEach
    void close() {
        hub.close();
        timer.shutdownNow();
        client.close();
    }

    @Test
    void oneInformerPerKindWhateverTheNumberOfSubscribers() {
        Subscription<ConfigMap> first = hub.subscribe(ConfigMap.class);
        Subscription<ConfigMap> second = hub.subscribe(ConfigMap.class);
        Subscription<Secret> other = hub.subscribe(Secret.class);
        assertSame(first.cache(), second.cache());
        assertEquals(2, hub.size());
        first.close();
        first.close(); // closing twice counts once
        assertEquals(2, hub.size());
        other.close();
        second.close();
    }

    @Test
    void everyCacheIndexesItsObjectsByController() {
        Subscription<Pod> pods = hub.subscribe(Pod.class);
        CacheImpl<Pod> cache = (CacheImpl<Pod>) pods.cache(); // filled by hand: no API server behind this client
        cache.put(pod("web", "a", new OwnerReferenceBuilder().withUid("rs-1").withController(true).build()));
        cache.put(pod("web", "b", new OwnerReferenceBuilder().withUid("rs-2").withController(true).build()));
        cache.put(pod("web", "orphan", new OwnerReferenceBuilder().withUid("rs-1").withController(false).build()));
        cache.put(pod("web", "bare"));
        cache.put(pod("other", "c", new OwnerReferenceBuilder().withUid("rs-1").withController(true).build()));

        assertEquals(List.of("a"), names(cache.byIndex(SharedInformers.CONTROLLER_INDEX, "web/rs-1")));
        assertEquals(List.of("bare", "orphan"), names(cache.byIndex(SharedInformers.CONTROLLER_INDEX, "web/")));
        assertEquals(List.of("c"), names(cache.byIndex(SharedInformers.CONTROLLER_INDEX, "other/rs-1")));
        cache.remove(cache.getByKey("web/a"));
        assertEquals(List.of(), names(cache.byIndex(SharedInformers.CONTROLLER_INDEX, "web/rs-1")));
        pods.close();
    }

    private static Pod pod(String namespace, String name, OwnerReference... owners) {
        return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).withOwnerReferences(owners)
                .endMetadata().build();
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).sorted().toList();
    }

    @Test
    void anInformerLingersAfterItsLastSubscriberThenStops() throws InterruptedException {
        Subscription<ConfigMap> first = hub.subscribe(ConfigMap.class);
        first.close();
        Subscription<ConfigMap> back = hub.subscribe(ConfigMap.class);
        assertSame(first.cache(), back.cache(), "a subscriber back within the linger finds the same cache");
        back.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (hub.size() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, hub.size(), "stopped once nobody came back");
        Subscription<ConfigMap> fresh = hub.subscribe(ConfigMap.class);
        assertEquals(1, hub.size());
        fresh.close();
    }

    @Test
    void aClosedSubscriptionTakesNoHandlerAndAClosedHubNoSubscriber() {
        Subscription<ConfigMap> subscription = hub.subscribe(ConfigMap.class);
        subscription.close();
        ResourceEventHandler<ConfigMap> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj) {
            }

            @Override
            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
            }

            @Override
            public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
            }
        };
        assertThrows(IllegalStateException.class, () -> subscription.addHandler(handler));
        hub.close();
        assertThrows(IllegalStateException.class, () -> hub.subscribe(ConfigMap.class));
    }
}
