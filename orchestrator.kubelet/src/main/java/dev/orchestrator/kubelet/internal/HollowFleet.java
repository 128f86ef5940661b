package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerRuntimeFactory;
import io.fabric8.kubernetes.api.model.Quantity;
import dev.orchestrator.client.InformerSupervisor;
import dev.orchestrator.kubelet.internal.eviction.EvictionSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many hollow nodes in one process, from one configuration: node i is named
 * {@code <namePrefix><i>}, has the i-th /24 after {@code podCidrBase} as its pod range and a
 * runtime of its own made by the {@link ContainerRuntimeFactory} (runtime.sim's, by default). The
 * kubelet bundle knows the factory only through the API. Each node is a full {@link Kubelet}
 * (registration, lease, pod informer, pod syncs) on the shared {@link KubeletExecutors}.
 *
 * <p>The factory is a static reference: when it goes away the fleet is stopped, and a new factory
 * starts a new fleet (hollow nodes keep no state worth adopting). Nodes start at a configured rate
 * so that a thousand of them do not register, and later heartbeat, in the same instant.
 */
@Component(name = "orchestrator.kubelet.hollow", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = HollowFleetConfig.class)
public final class HollowFleet {

    private static final Logger LOG = LoggerFactory.getLogger(HollowFleet.class);

    private final List<Kubelet> kubelets = new CopyOnWriteArrayList<>();
    private final List<Future<?>> starts = new ArrayList<>();

    @Activate
    public HollowFleet(@Reference KubernetesClient client, @Reference InformerSupervisor informers,
            @Reference ClusterServices services, @Reference KubeletExecutors threads,
            @Reference(name = "runtimeFactory") ContainerRuntimeFactory factory, BundleContext context,
            HollowFleetConfig config) {
        int count = NodeSettings.positive("count", config.count());
        long base = address(config.podCidrBase());
        String dataDir = context.getProperty("orchestrator.data.dir");
        Path logs = Path.of(dataDir == null ? "data" : dataDir).resolve("node").resolve("hollow");
        MachineInfo machine = MachineInfo.read(logs.getParent());
        long intervalMicros = 1_000_000L / NodeSettings.positive("startsPerSecond", config.startsPerSecond());
        for (int i = 0; i < count; i++) {
            long range = base + 256L * i;
            NodeSettings settings = settings(config, config.namePrefix() + i, range, logs, machine);
            ContainerRuntime runtime = factory.create(settings.nodeName(), settings.podCidr());
            // no eviction monitor: simulated containers use nothing, and a statvfs per node would cost for nothing
            Kubelet kubelet = new Kubelet(client, informers, services, settings, () -> runtime, threads,
                    KubeletEndpoints.NONE, ContainerLogSettings.DISABLED, EvictionSettings.DISABLED);
            starts.add(threads.timers().schedule(() -> {
                kubelets.add(kubelet);
                kubelet.start();
            }, i * intervalMicros, TimeUnit.MICROSECONDS));
        }
        LOG.info("hollow fleet starting nodes={} first={} rate={}/s", count, config.namePrefix() + 0,
                config.startsPerSecond());
    }

    private static NodeSettings settings(HollowFleetConfig c, String name, long range, Path logs, MachineInfo machine) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", name);
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", machine.architecture());
        labels.put("node.orchestrator.dev/hollow", "true");
        for (String pair : c.nodeLabels()) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("nodeLabels entries must look like key=value, not '" + pair + "'");
            }
            labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return new NodeSettings(name, dotted(range + 1), dotted(range) + "/24", "", logs, "(hollow)",
                NodeSettings.positive("maxPods", c.maxPods()), new Quantity("0"), new Quantity("0"),
                NodeSettings.quantity("capacityCpu", c.capacityCpu()),
                NodeSettings.quantity("capacityMemory", c.capacityMemory()), Map.copyOf(labels),
                NodeSettings.positive("leaseRenewSeconds", c.leaseRenewSeconds()) * 1000L,
                NodeSettings.positive("leaseDurationSeconds", c.leaseDurationSeconds()),
                NodeSettings.positive("statusCheckSeconds", c.statusCheckSeconds()) * 1000L,
                NodeSettings.positive("statusReportSeconds", c.statusReportSeconds()) * 1000L,
                NodeSettings.positive("relistMillis", c.relistMillis()),
                NodeSettings.positive("resyncSeconds", c.resyncSeconds()) * 1000L, machine,
                logs.resolveSibling("hollow-volumes").resolve(name), false, // no tmpfs: cheap, needs no root
                PodDnsSettings.NONE);
    }

    private static long address(String dotted) {
        String[] parts = dotted.trim().split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("podCidrBase must be an IPv4 address, not '" + dotted + "'");
        }
        long a = 0;
        for (String p : parts) {
            int octet = Integer.parseInt(p);
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("podCidrBase must be an IPv4 address, not '" + dotted + "'");
            }
            a = a << 8 | octet;
        }
        return a & ~0xffL;
    }

    private static String dotted(long a) {
        if (a > 0xffffffffL) {
            throw new IllegalArgumentException("podCidrBase leaves no room for this many nodes");
        }
        return (a >> 24 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 8 & 0xff) + "." + (a & 0xff);
    }

    @Deactivate
    void deactivate() {
        starts.forEach(f -> f.cancel(false));
        kubelets.parallelStream().forEach(Kubelet::close);
        LOG.info("hollow fleet stopped nodes={}", kubelets.size());
    }
}
