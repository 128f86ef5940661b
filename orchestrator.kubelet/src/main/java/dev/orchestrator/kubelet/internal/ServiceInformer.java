package dev.orchestrator.kubelet.internal;

import dev.orchestrator.client.InformerSupervisor;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * One watch of every Service for all the kubelets of the process (real and hollow), as Kubernetes' kubelet keeps
 * a Service lister: reading them at each container start would cost the API a list per container. Started when
 * the first kubelet needs it; a process without a kubelet never watches Services.
 */
@Component(name = "orchestrator.kubelet.services", service = ClusterServices.class)
public final class ServiceInformer implements ClusterServices {

    private static final String DEFAULT_NAMESPACE = "default";

    private final SharedIndexInformer<Service> informer;

    @Activate
    public ServiceInformer(@Reference KubernetesClient client, @Reference InformerSupervisor supervisor) {
        this.informer = client.services().inAnyNamespace().runnableInformer(0);
        supervisor.start(informer);
    }

    @Override
    public Optional<List<Service>> visibleFrom(String namespace) {
        if (!informer.hasSynced()) {
            return Optional.empty();
        }
        List<Service> services = new ArrayList<>(informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace));
        if (!DEFAULT_NAMESPACE.equals(namespace)) {
            services.addAll(informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, DEFAULT_NAMESPACE));
        }
        return Optional.of(services);
    }

    @Deactivate
    void close() {
        informer.close();
    }
}
