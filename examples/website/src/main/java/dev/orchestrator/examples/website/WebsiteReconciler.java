package dev.orchestrator.examples.website;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Keeps, for each Website, a ConfigMap with its content, a Deployment of busybox httpd serving it and a Service
 * in front, all owned by the Website (so deleting it deletes them), and reports the available replicas and the
 * URL in its status. Level-triggered: every call compares what is with what should be, from the caches.
 */
@Component(service = Reconciler.class)
public final class WebsiteReconciler implements Reconciler<Website> {

    private final KubernetesClient client;

    @Activate
    public WebsiteReconciler(@Reference KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Watches<Website> watches() {
        return Watches.of("website", Website.class)
                .owns(ConfigMap.class).owns(Deployment.class).owns(Service.class);
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<Website> found = context.lister(Website.class).get(request.namespace(), request.name());
        if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
            return Result.done(); // the garbage collector removes what it owned
        }
        Website site = found.get();
        WebsiteObjects desired = new WebsiteObjects(site);
        if (desired.image() == null) {
            context.events().warning(site, "InvalidSpec", "spec.image is required");
            return Result.terminal("spec.image is missing");
        }
        ensureConfigMap(context, site, desired);
        Deployment deployment = ensureDeployment(context, site, desired);
        ensureService(context, site, desired);
        reportStatus(site, desired, deployment);
        return Result.done();
    }

    private void ensureConfigMap(Context context, Website site, WebsiteObjects desired) {
        Optional<ConfigMap> current = context.lister(ConfigMap.class).get(desired.namespace(), desired.contentName());
        ConfigMap wanted = desired.configMap();
        if (current.isEmpty()) {
            create(context, site, wanted);
        } else if (!Objects.equals(current.get().getData(), wanted.getData())) {
            client.configMaps().inNamespace(desired.namespace()).withName(desired.contentName())
                    .edit(cm -> {
                        cm.setData(wanted.getData());
                        return cm;
                    });
        }
    }

    private Deployment ensureDeployment(Context context, Website site, WebsiteObjects desired) {
        Optional<Deployment> current = context.lister(Deployment.class).get(desired.namespace(), desired.name());
        Deployment wanted = desired.deployment();
        if (current.isEmpty()) {
            create(context, site, wanted);
            return null;
        }
        Deployment d = current.get();
        var container = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        var annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
        boolean differs = !Objects.equals(d.getSpec().getReplicas(), desired.replicas())
                || !Objects.equals(container.getImage(), desired.image())
                || annotations == null || !desired.contentHash().equals(annotations.get(WebsiteObjects.CONTENT_HASH));
        if (differs) {
            // the whole spec as it should be: also undoes hand edits of the owned Deployment
            client.apps().deployments().inNamespace(desired.namespace()).withName(desired.name()).edit(live -> {
                live.setSpec(wanted.getSpec());
                return live;
            });
            context.events().normal(site, "Updated", "Updated Deployment " + desired.name());
        }
        return d;
    }

    private void ensureService(Context context, Website site, WebsiteObjects desired) {
        if (context.lister(Service.class).get(desired.namespace(), desired.name()).isEmpty()) {
            create(context, site, desired.service());
        }
    }

    private void create(Context context, Website site, HasMetadata object) {
        try {
            client.resource(object).create();
            context.events().normal(site, "Created", "Created " + object.getKind() + " " + object.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) { // 409: the cache has not seen our earlier create yet
                throw e;
            }
        }
    }

    private void reportStatus(Website site, WebsiteObjects desired, Deployment deployment) {
        WebsiteStatus status = new WebsiteStatus();
        Integer available = deployment == null || deployment.getStatus() == null ? null
                : deployment.getStatus().getAvailableReplicas();
        status.setAvailableReplicas(available == null ? 0 : available);
        status.setUrl(desired.url());
        status.setObservedGeneration(site.getMetadata().getGeneration());
        if (!status.equals(site.getStatus())) {
            Website copy = client.getKubernetesSerialization().clone(site);
            copy.setStatus(status);
            client.resources(Website.class).inNamespace(desired.namespace()).resource(copy).updateStatus();
        }
    }
}
