package dev.orchestrator.controllers.internal.endpoints;

import dev.orchestrator.api.controller.Caches;
import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Keeps the EndpointSlices of every Service that has a selector, as Kubernetes' EndpointSlice
 * controller does, and mirrors them into the Service's core/v1 Endpoints (which Kubernetes keeps
 * with a controller of its own) for older clients. Slices carry the labels clients select them by
 * ({@code kubernetes.io/service-name}, {@code endpointslice.kubernetes.io/managed-by}) and a
 * controller reference to the Service. A Service without a selector is left alone: its endpoints
 * are the user's.
 */
@Component(name = "orchestrator.controllers.endpointslice", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = EndpointsConfig.class)
public final class EndpointSliceReconciler implements Reconciler<Service> {

    static final String SERVICE_NAME = "kubernetes.io/service-name";
    static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    static final String MANAGER = "endpointslice-controller.k8s.io";
    static final String ENDPOINTS_MANAGED_BY = "endpoints.kubernetes.io/managed-by";
    static final String ENDPOINTS_MANAGER = "endpoint-controller";

    private final KubernetesClient client;
    private final int maxPerSlice;

    @Activate
    public EndpointSliceReconciler(@Reference ControllerClients clients, EndpointsConfig config) {
        this.client = clients.forAccount("endpointslice-controller");
        this.maxPerSlice = Math.max(1, Math.min(1000, config.maxEndpointsPerSlice()));
    }

    @Override
    public Watches<Service> watches() {
        return Watches.of("endpointslice", Service.class)
                .owns(EndpointSlice.class)
                .watches(Pod.class, EndpointSliceReconciler::servicesSelecting)
                .watches(Endpoints.class, (endpoints, caches) -> Set.of(new Request(
                        endpoints.getMetadata().getNamespace(), endpoints.getMetadata().getName())));
    }

    /** The Services of the pod's namespace whose selector matches its labels (old and new labels both come here). */
    private static Set<Request> servicesSelecting(Pod pod, Caches caches) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        String namespace = pod.getMetadata().getNamespace();
        return caches.lister(Service.class).list(namespace).stream()
                .filter(s -> selects(s, labels))
                .map(s -> new Request(namespace, s.getMetadata().getName()))
                .collect(Collectors.toSet());
    }

    private static boolean selects(Service service, Map<String, String> labels) {
        Map<String, String> selector = service.getSpec().getSelector();
        return selector != null && !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<Service> found = context.lister(Service.class).get(request.namespace(), request.name());
        List<EndpointSlice> existing = context.lister(EndpointSlice.class).list(request.namespace()).stream()
                .filter(s -> request.name().equals(label(s, SERVICE_NAME)) && MANAGER.equals(label(s, MANAGED_BY)))
                .toList();
        try {
            if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
                existing.forEach(this::delete);
                context.lister(Endpoints.class).get(request.namespace(), request.name())
                        .filter(EndpointSliceReconciler::mirrored).ifPresent(this::delete);
                return Result.done();
            }
            Service service = found.get();
            Map<String, String> selector = service.getSpec().getSelector();
            if (selector == null || selector.isEmpty()) {
                return Result.done();
            }
            List<Pod> pods = context.lister(Pod.class).list(request.namespace(),
                    new LabelSelectorBuilder().withMatchLabels(selector).build());
            Map<List<EndpointPort>, List<Endpoint>> groups = ServiceEndpoints.of(service, pods);
            apply(service, SlicePlan.of(groups, existing, maxPerSlice));
            mirror(service, EndpointsSubsets.of(groups), context);
            return Result.done();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return Result.retry("a slice or the Endpoints changed meanwhile");
            }
            throw e;
        }
    }

    private void apply(Service service, SlicePlan plan) {
        String namespace = service.getMetadata().getNamespace();
        var slices = client.discovery().v1().endpointSlices().inNamespace(namespace);
        for (SlicePlan.Slice s : plan.updates()) {
            EndpointSlice updated = new EndpointSliceBuilder(s.existing()).withEndpoints(s.endpoints()).withPorts(s.ports())
                    .build();
            slices.resource(updated).update();
        }
        for (SlicePlan.Slice s : plan.creates()) {
            slices.resource(new EndpointSliceBuilder()
                    .withNewMetadata()
                        .withGenerateName(service.getMetadata().getName() + "-")
                        .withNamespace(namespace)
                        .addToLabels(SERVICE_NAME, service.getMetadata().getName())
                        .addToLabels(MANAGED_BY, MANAGER)
                        .withOwnerReferences(OwnerReferences.controllerRef(service))
                    .endMetadata()
                    .withAddressType("IPv4")
                    .withEndpoints(s.endpoints())
                    .withPorts(s.ports())
                    .build()).create();
        }
        plan.deletes().forEach(this::delete);
    }

    private void mirror(Service service, List<EndpointSubset> subsets, Context context) {
        String namespace = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        Optional<Endpoints> current = context.lister(Endpoints.class).get(namespace, name);
        if (current.isPresent()) {
            if (!mirrored(current.get())
                    || !EndpointsSubsets.signature(current.get().getSubsets()).equals(EndpointsSubsets.signature(subsets))) {
                client.endpoints().inNamespace(namespace).resource(new EndpointsBuilder(current.get())
                        .editMetadata().addToLabels(ENDPOINTS_MANAGED_BY, ENDPOINTS_MANAGER).endMetadata()
                        .withSubsets(subsets).build()).update();
            }
            return;
        }
        try {
            client.endpoints().inNamespace(namespace).resource(new EndpointsBuilder().withNewMetadata().withName(name)
                    .withNamespace(namespace).withLabels(service.getMetadata().getLabels())
                    .addToLabels(ENDPOINTS_MANAGED_BY, ENDPOINTS_MANAGER).endMetadata()
                    .withSubsets(subsets).build()).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e; // 409: made meanwhile (the cache is behind); the event of it brings the next reconcile
            }
        }
    }

    private void delete(io.fabric8.kubernetes.api.model.HasMetadata object) {
        client.resource(object).withGracePeriod(0).delete();
    }

    /**
     * Endpoints this controller keeps (it labels them): only those go with their Service. Endpoints
     * a user wrote for a Service without a selector, or with no Service at all, are never touched.
     */
    private static boolean mirrored(Endpoints endpoints) {
        Map<String, String> labels = endpoints.getMetadata().getLabels();
        return labels != null && ENDPOINTS_MANAGER.equals(labels.get(ENDPOINTS_MANAGED_BY));
    }

    private static String label(EndpointSlice slice, String key) {
        return slice.getMetadata().getLabels() == null ? null : slice.getMetadata().getLabels().get(key);
    }
}
