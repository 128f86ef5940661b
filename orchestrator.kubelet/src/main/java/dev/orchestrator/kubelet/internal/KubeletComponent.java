package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.client.ClientIdentity;
import dev.orchestrator.client.InformerSupervisor;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.orchestrator.api.runtime.RuntimeHandler;
import dev.orchestrator.kubelet.internal.eviction.EvictionSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The node agent as a component: one per configuration ({@code orchestrator.kubelet}, or a factory
 * configuration per hollow node). The runtime is an optional dynamic reference, so that updating
 * the runtime bundle leaves the kubelet running: while no runtime is there, pods wait and the
 * node reports NotReady; the new runtime instance is used as soon as it appears. Its threads are
 * the process' shared {@link KubeletExecutors}. Every other runtime service is bound too, by its handler, for pods
 * that name a RuntimeClass.
 */
@Component(name = "orchestrator.kubelet", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = KubeletConfig.class, factory = true)
public final class KubeletComponent {

    @Reference(name = "runtime", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ContainerRuntime runtime;

    /** Every runtime service with its handler: pods naming a RuntimeClass run on the one of the class's handler. */
    private final Map<ContainerRuntime, String> handlers = new ConcurrentHashMap<>();

    private final Kubelet kubelet;

    @Activate
    public KubeletComponent(@Reference(target = ClientIdentity.NODE) KubernetesClient client, @Reference(target = ClientIdentity.NODE) InformerSupervisor informers,
            @Reference ClusterServices services, @Reference KubeletExecutors threads, @Reference KubeletEndpoints endpoints, BundleContext context,
            KubeletConfig config) {
        String dataDir = context.getProperty("orchestrator.data.dir");
        NodeSettings settings = NodeSettings.of(config, Path.of(dataDir == null ? "data" : dataDir));
        PodRuntimes runtimes = new PodRuntimes(() -> runtime, () -> Map.copyOf(handlers), new RuntimeClasses(client));
        kubelet = new Kubelet(client, informers, services, settings, runtimes, threads, endpoints, ContainerLogSettings.of(config),
                eviction(settings.nodeName(), config));
        kubelet.start();
    }

    @Reference(name = "runtimes", service = ContainerRuntime.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "removeRuntime")
    void addRuntime(ContainerRuntime rt, Map<String, Object> properties) {
        Object handler = properties.get(RuntimeHandler.NAME);
        handlers.put(rt, handler == null ? "" : handler.toString());
    }

    void removeRuntime(ContainerRuntime rt) {
        handlers.remove(rt);
    }

    /**
     * A configured memory capacity makes the node that big: memory.available is then what the pods'
     * working sets leave of it, not what the machine has free.
     */
    private static EvictionSettings eviction(String node, KubeletConfig c) {
        return EvictionSettings.of(node, c.evictionHard(), c.evictionSoft(), c.evictionSoftGracePeriod(),
                c.evictionMaxPodGracePeriod(), c.evictionPressureTransitionPeriod(), c.evictionMonitoringInterval(),
                !c.capacityMemory().isBlank(), c.imageFsDir().isBlank() ? Optional.empty()
                        : Optional.of(Path.of(c.imageFsDir().trim())));
    }

    @Deactivate
    void deactivate() {
        kubelet.close();
    }
}
