package dev.orchestrator.kubelet.internal;

import dev.orchestrator.client.ClientIdentity;
import dev.orchestrator.client.SharedInformers;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The process' shared Service informer for all the kubelets of the process (real and hollow), as Kubernetes' kubelet keeps
 * a Service lister: reading them at each container start would cost the API a list per container. Started when
 * the first kubelet needs it; a process without a kubelet never watches Services.
 */
@Component(name = "orchestrator.kubelet.services", service = ClusterServices.class)
public final class ServiceInformer implements ClusterServices {

    private static final String DEFAULT_NAMESPACE = "default";

    private final SharedInformers.Subscription<Service> informer;

    @Activate
    public ServiceInformer(@Reference(target = ClientIdentity.NODE) SharedInformers informers) {
        this.informer = informers.subscribe(Service.class);
    }

    @Override
    public Optional<List<Service>> visibleFrom(String namespace) {
        if (!informer.hasSynced()) {
            return Optional.empty();
        }
        List<Service> services = new ArrayList<>(informer.cache().byIndex(Cache.NAMESPACE_INDEX, namespace));
        if (!DEFAULT_NAMESPACE.equals(namespace)) {
            services.addAll(informer.cache().byIndex(Cache.NAMESPACE_INDEX, DEFAULT_NAMESPACE));
        }
        return Optional.of(services);
    }

    @Deactivate
    void close() {
        informer.close();
    }
}
