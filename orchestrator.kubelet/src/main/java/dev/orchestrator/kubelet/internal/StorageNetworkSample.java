package dev.orchestrator.kubelet.internal;

import dev.orchestrator.kubelet.internal.stats.FsUsage;
import dev.orchestrator.kubelet.internal.stats.NetworkUsage;
import dev.orchestrator.kubelet.internal.stats.PodNetworks;
import dev.orchestrator.kubelet.internal.stats.PodStorage;
import java.util.Map;
import java.util.Optional;

/**
 * The network and file system part of a usage sample: the node's counters and root file system, each pod's
 * network (by pod uid) and local storage (by pod uid). What could not be measured is absent.
 *
 * @param nodeFsDevice the device of the node's file system as the mount table names it ("" when unknown)
 */
record StorageNetworkSample(Optional<NetworkUsage> nodeNetwork, Optional<FsUsage> nodeFs, String nodeFsDevice,
                            Map<String, PodNetworks.PodNetwork> podNetworks, Map<String, PodStorage> podStorage) {

    /** Nothing measured (hollow nodes, and before the first sample). */
    static final StorageNetworkSample NONE = new StorageNetworkSample(Optional.empty(), Optional.empty(), "",
            Map.of(), Map.of());

    StorageNetworkSample {
        podNetworks = Map.copyOf(podNetworks);
        podStorage = Map.copyOf(podStorage);
    }
}
