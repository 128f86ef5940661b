package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.kubelet.internal.eviction.FilesystemStats;
import dev.orchestrator.kubelet.internal.eviction.FsStats;
import dev.orchestrator.kubelet.internal.eviction.LocalStorage;
import dev.orchestrator.kubelet.internal.eviction.NodeSignals;
import dev.orchestrator.kubelet.internal.stats.FsUsage;
import dev.orchestrator.kubelet.internal.stats.NetworkUsage;
import dev.orchestrator.kubelet.internal.stats.NodeNetwork;
import dev.orchestrator.kubelet.internal.stats.PodNetworks;
import dev.orchestrator.kubelet.internal.stats.PodStorage;
import dev.orchestrator.kubelet.internal.stats.PodStorageReader;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real node's network and file systems, measured at each usage sample: {@code /proc/net/dev} for the node,
 * statvfs of the volume directory's file system (one {@code stat -f}, shared with the eviction monitor),
 * {@code /proc/<pause pid>/net/dev} for each ready sandbox, and a walk of each running pod's emptyDirs and log
 * directories. Walks are bounded by the sampling period (Kubernetes refreshes volume figures once a minute);
 * nothing is measured between samples.
 */
final class NodeStorageNetworkSampler implements StorageNetworkSampler {

    private static final Logger LOG = LoggerFactory.getLogger(NodeStorageNetworkSampler.class);

    private final String node;
    private final NodeNetwork nodeNetwork;
    private final PodNetworks podNetworks;
    private final FilesystemStats filesystems;
    private final Path nodefs;
    private final PodStorageReader storage;
    private final Function<String, Optional<Pod>> pods;
    /** Node measurements that failed at the last sample, so that a lasting failure is logged once, not every 10 s. */
    private final Set<String> failing = new HashSet<>();

    /**
     * @param nodefs a path on the node's file system (the volume directory; it may not exist yet)
     * @param pods this node's pods as the API holds them, by uid
     */
    NodeStorageNetworkSampler(String node, NodeNetwork nodeNetwork, PodNetworks podNetworks,
                              FilesystemStats filesystems, Path nodefs, PodStorageReader storage,
                              Function<String, Optional<Pod>> pods) {
        this.node = node;
        this.nodeNetwork = nodeNetwork;
        this.podNetworks = podNetworks;
        this.filesystems = filesystems;
        this.nodefs = nodefs;
        this.storage = storage;
        this.pods = pods;
    }

    /** The sampler of a real node: its address, its volume directory's file system, the machine's {@code /proc}. */
    static NodeStorageNetworkSampler of(NodeSettings settings, Path proc, LocalStorage local,
                                        FilesystemStats filesystems, Function<String, Optional<Pod>> pods) {
        return new NodeStorageNetworkSampler(settings.nodeName(), new NodeNetwork(proc, settings.nodeIp()),
                new PodNetworks(proc), filesystems, settings.volumesDir(), new PodStorageReader(local), pods);
    }

    @Override
    public StorageNetworkSample sample(Instant now, List<ContainerRuntime> runtimes,
                                       Collection<UsageSample.PodUsage> running) {
        Optional<NetworkUsage> network = measured("node network", () -> nodeNetwork.read(now));
        Optional<FsStats> fs = measured("node file system", () -> filesystems.of(NodeSignals.existing(nodefs)));
        Map<String, PodNetworks.PodNetwork> networks = new HashMap<>();
        Set<String> ready = new HashSet<>();
        for (ContainerRuntime rt : runtimes) {
            networks.putAll(podNetworks.read(rt, Map.of(RuntimeLabels.NODE, node), now, ready));
        }
        podNetworks.retainOnly(ready);
        Map<String, PodStorage> storages = new HashMap<>();
        for (UsageSample.PodUsage p : running) {
            Optional<Pod> pod = pods.apply(p.uid());
            if (pod.isEmpty()) {
                continue; // not (or no longer) in the informer's view: its volumes are not known
            }
            try {
                storages.put(p.uid(), storage.read(pod.get(), p.currentLogs(), now, fs));
            } catch (IOException | RuntimeException e) {
                // a pod being removed loses its files under the walk; the next sample measures it again
                LOG.debug("pod storage not measured pod={}/{} error={}", p.namespace(), p.name(), e.toString());
            }
        }
        String device = fs.isEmpty() ? "" : measured("node file system device",
                () -> Files.getFileStore(NodeSignals.existing(nodefs)).name()).orElse("");
        return new StorageNetworkSample(network, fs.map(f -> FsUsage.of(now, f)), device, networks, storages);
    }

    private interface Measurement<T> {
        T get() throws IOException;
    }

    private <T> Optional<T> measured(String what, Measurement<T> measurement) {
        try {
            T value = measurement.get();
            failing.remove(what);
            return Optional.of(value);
        } catch (IOException | RuntimeException e) {
            if (failing.add(what)) {
                LOG.warn("not measured node={} what={} error={}", node, what, e.toString());
            }
            return Optional.empty();
        }
    }
}
