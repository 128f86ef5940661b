package dev.orchestrator.kubelet.internal.volumes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;

/**
 * The values a downwardAPI volume projects, computed as for environment variables (the kubelet's
 * {@code EnvResolver} provides them), so that a file and a variable never disagree.
 */
public interface DownwardValues {

    /** A pod field such as {@code metadata.name} or {@code metadata.labels['app']}. */
    String field(Pod pod, String fieldPath) throws VolumeSetupException;

    /** A container's request or limit, divided by the selector's divisor; the selector names the container. */
    String resource(Pod pod, ResourceFieldSelector selector) throws VolumeSetupException;
}
