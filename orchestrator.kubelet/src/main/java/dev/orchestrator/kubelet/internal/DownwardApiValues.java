package dev.orchestrator.kubelet.internal;

import dev.orchestrator.kubelet.internal.volumes.DownwardValues;
import dev.orchestrator.kubelet.internal.volumes.VolumeSetupException;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import java.util.List;
import java.util.Map;

/** The downwardAPI volume's values, computed by {@link EnvResolver} as for environment variables. */
final class DownwardApiValues implements DownwardValues {

    private final Map<String, Quantity> allocatable;

    DownwardApiValues(Map<String, Quantity> allocatable) {
        this.allocatable = Map.copyOf(allocatable);
    }

    @Override
    public String field(Pod pod, String fieldPath) throws VolumeSetupException {
        try {
            // volumes project metadata only (checked by the caller): no pod IPs or host IP needed
            return EnvResolver.field(pod, new ObjectFieldSelector(null, fieldPath), List.of(), "");
        } catch (ContainerConfigException e) {
            throw new VolumeSetupException(e.getMessage());
        }
    }

    @Override
    public String resource(Pod pod, ResourceFieldSelector selector) throws VolumeSetupException {
        try {
            return EnvResolver.resource(pod, null, selector, allocatable);
        } catch (ContainerConfigException e) {
            throw new VolumeSetupException(e.getMessage());
        }
    }
}
