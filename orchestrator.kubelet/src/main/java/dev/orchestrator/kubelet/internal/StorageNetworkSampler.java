package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Measures the network and file system part of a usage sample, for the pods the sample found running. */
@FunctionalInterface
interface StorageNetworkSampler {

    /** Measures nothing: hollow nodes, whose containers use nothing and whose disk is not theirs. */
    StorageNetworkSampler NONE = (now, runtimes, pods) -> StorageNetworkSample.NONE;

    StorageNetworkSample sample(Instant now, List<ContainerRuntime> runtimes, Collection<UsageSample.PodUsage> pods);
}
