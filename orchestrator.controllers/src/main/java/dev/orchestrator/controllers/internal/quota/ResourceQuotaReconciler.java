package dev.orchestrator.controllers.internal.quota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.api.controller.Caches;
import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.KeyMapper;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.support.quota.Quantities;
import dev.orchestrator.support.quota.QuotaResources.Target;
import dev.orchestrator.support.quota.QuotaResources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' resource quota controller: each ResourceQuota's {@code status.hard} mirrors {@code spec.hard} and
 * {@code status.used} is recounted from the objects of its namespace, as {@code kubectl describe quota} shows it.
 * The quota admission charges new objects to {@code status.used} as they are created; this controller gives
 * back what deleted or finished objects held, and corrects charges of creates that failed after admission.
 * Pod, Service, ConfigMap and Secret events requeue their namespace's quotas at once; other counted kinds
 * (persistentvolumeclaims, which this server does not serve yet, and any {@code count/<resource>}) are caught by
 * the periodic recount: an informer of a kind that is not served would never sync and hold the controller back. The status is written with the quota's
 * resourceVersion: a conflict with a charge made meanwhile is retried from the newer quota.
 *
 * <p>A recount that comes out below the charged usage is written only once the quota has stayed unchanged for
 * {@link #SETTLE}: the admission charges a create before it stores the object, so a recount between the two misses
 * that object, and writing it (with the charged quota's resourceVersion, so without a conflict) handed the slot out
 * again: a quota of one pod let a ReplicaSet make two. Kubernetes' controller narrows the same window by recounting
 * only on spec changes, deletions and a periodic resync; here every event recounts, so lower counts wait instead.
 */
@Component(name = "orchestrator.controllers.resourcequota", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = ResourceQuotaConfig.class)
public final class ResourceQuotaReconciler implements Reconciler<ResourceQuota> {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceQuotaReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a quota must go uncharged before a recount below its usage is written (a create's charge-to-store). */
    static final Duration SETTLE = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final Duration resync;
    /** Quotas whose recount came out below their usage: the quota's resourceVersion then, and since when. */
    private final Map<Request, LowerCount> lowerCounts = new ConcurrentHashMap<>();

    private record LowerCount(String resourceVersion, long sinceNanos) {
    }

    @Activate
    public ResourceQuotaReconciler(@Reference ControllerClients clients, ResourceQuotaConfig config) {
        this(clients.forAccount("resourcequota-controller"), Duration.ofSeconds(Math.max(1, config.resyncSeconds())));
    }

    ResourceQuotaReconciler(KubernetesClient client, Duration resync) {
        this.client = client;
        this.resync = resync;
    }

    @Override
    public Watches<ResourceQuota> watches() {
        return Watches.of("resourcequota", ResourceQuota.class)
                .watches(Pod.class, quotasOfNamespace())
                .watches(Service.class, quotasOfNamespace())
                .watches(ConfigMap.class, quotasOfNamespace())
                .watches(Secret.class, quotasOfNamespace());
    }

    private static <S extends HasMetadata> KeyMapper<S> quotasOfNamespace() {
        return (object, caches) -> quotasIn(caches, object.getMetadata().getNamespace());
    }

    private static Set<Request> quotasIn(Caches caches, String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            return Set.of();
        }
        return caches.lister(ResourceQuota.class).list(namespace).stream().map(Request::of).collect(Collectors.toSet());
    }

    @Override
    public Result reconcile(Request request, Context context) throws IOException {
        ResourceQuota quota = context.lister(ResourceQuota.class).get(request.namespace(), request.name()).orElse(null);
        if (quota == null || quota.getMetadata().getDeletionTimestamp() != null) {
            lowerCounts.remove(request);
            return Result.done();
        }
        Map<String, Quantity> hard = quota.getSpec() == null || quota.getSpec().getHard() == null
                ? Map.of() : quota.getSpec().getHard();
        Map<String, Quantity> used = new TreeMap<>();
        Map<Target, JsonNode> lists = new HashMap<>();
        for (String name : hard.keySet()) {
            Target target = QuotaResources.countOf(name).orElse(QuotaResources.computeOf(name).isPresent()
                    ? new Target("", "pods") : null);
            if (target == null) {
                continue; // a name this server does not count (services.nodeports…): left out of used
            }
            JsonNode items = lists.computeIfAbsent(target, t -> list(t, request.namespace()));
            BigDecimal sum = BigDecimal.ZERO;
            for (JsonNode item : items) {
                sum = sum.add(QuotaResources.usageOf(target, item, Set.of(name)).getOrDefault(name, BigDecimal.ZERO));
            }
            used.put(name, new Quantity(Quantities.format(name, sum)));
        }
        ResourceQuotaStatus current = quota.getStatus();
        if (current != null && same(hard, current.getHard()) && same(used, current.getUsed())) {
            lowerCounts.remove(request);
            return Result.requeueAfter(resync);
        }
        if (current != null && below(used, current.getUsed())) {
            String version = quota.getMetadata().getResourceVersion();
            long now = System.nanoTime();
            LowerCount seen = lowerCounts.compute(request, (k, before) ->
                    before != null && before.resourceVersion().equals(version) ? before : new LowerCount(version, now));
            long waited = now - seen.sinceNanos();
            if (waited < SETTLE.toNanos()) { // charged meanwhile, or just seen: a create may be in flight
                return Result.requeueAfter(SETTLE.minusNanos(waited));
            }
        }
        lowerCounts.remove(request);
        ResourceQuota updated = client.getKubernetesSerialization().clone(quota);
        updated.setStatus(new ResourceQuotaStatus(new LinkedHashMap<>(hard), used));
        try {
            client.resourceQuotas().inNamespace(request.namespace()).resource(updated).updateStatus();
            LOG.debug("quota status updated quota={} used={}", request, used);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Result.done();
            }
            throw e; // 409: charged meanwhile; retried with back-off from the newer quota
        }
        return Result.requeueAfter(resync);
    }

    /** The items of a resource in a namespace, read from the API (not a cache: any resource can be counted). */
    private JsonNode list(Target target, String namespace) {
        String prefix;
        if (target.group().isEmpty()) {
            prefix = "/api/v1";
        } else {
            var group = client.getApiGroup(target.group());
            if (group == null || group.getPreferredVersion() == null) {
                return JSON.createArrayNode(); // not served: nothing to count
            }
            prefix = "/apis/" + group.getPreferredVersion().getGroupVersion();
        }
        String body = client.raw(prefix + "/namespaces/" + namespace + "/" + target.resource());
        if (body == null) {
            return JSON.createArrayNode();
        }
        try {
            return JSON.readTree(body).path("items");
        } catch (IOException e) {
            throw new IllegalStateException("the list of " + target.resource() + " in " + namespace + " cannot be read", e);
        }
    }

    /** Whether any amount {@code counted} is below what {@code charged} holds for it. */
    static boolean below(Map<String, Quantity> counted, Map<String, Quantity> charged) {
        if (charged == null) {
            return false;
        }
        for (Map.Entry<String, Quantity> e : counted.entrySet()) {
            Quantity held = charged.get(e.getKey());
            if (held != null && Quantity.getAmountInBytes(e.getValue()).compareTo(Quantity.getAmountInBytes(held)) < 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean same(Map<String, Quantity> a, Map<String, Quantity> b) {
        if (b == null || a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, Quantity> e : a.entrySet()) {
            Quantity other = b.get(e.getKey());
            if (other == null || Quantity.getAmountInBytes(other).compareTo(Quantity.getAmountInBytes(e.getValue())) != 0) {
                return false;
            }
        }
        return true;
    }
}
