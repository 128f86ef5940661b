package dev.orchestrator.kubelet.internal;

import dev.orchestrator.kubelet.internal.volumes.ClaimPaths;
import dev.orchestrator.kubelet.internal.volumes.LocalPathDirectories;
import dev.orchestrator.kubelet.internal.volumes.VolumeSetupException;
import dev.orchestrator.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Map;

/**
 * A claim's path read from the API (the claim, then its volume): the volume must be bound to that claim, be a
 * hostPath or local volume, and its node affinity must admit this node, else the pod waits with a FailedMount event
 * saying which. A local-path volume's directory is remembered, to be removed when the volume is deleted.
 */
final class ApiClaimPaths implements ClaimPaths {

    private final KubernetesClient client;
    private final String node;
    private final Map<String, String> nodeLabels;
    private final LocalPathDirectories localPaths;

    ApiClaimPaths(KubernetesClient client, String node, Map<String, String> nodeLabels, LocalPathDirectories localPaths) {
        this.client = client;
        this.node = node;
        this.nodeLabels = nodeLabels;
        this.localPaths = localPaths;
    }

    @Override
    public Path pathOf(String namespace, String claimName) throws VolumeSetupException {
        String what = "persistentvolumeclaim \"" + claimName + "\"";
        PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(namespace).withName(claimName).get();
        if (claim == null) {
            throw new VolumeSetupException(what + " not found");
        }
        String volumeName = claim.getSpec().getVolumeName();
        if (volumeName == null || volumeName.isEmpty() || claim.getStatus() == null
                || !"Bound".equals(claim.getStatus().getPhase())) {
            throw new VolumeSetupException(what + " is not bound yet");
        }
        PersistentVolume pv = client.persistentVolumes().withName(volumeName).get();
        if (pv == null) {
            throw new VolumeSetupException(what + " is bound to volume \"" + volumeName + "\", which does not exist");
        }
        var affinity = pv.getSpec().getNodeAffinity();
        if (affinity != null && affinity.getRequired() != null && !Selectors.matchesAnyTerm(
                affinity.getRequired().getNodeSelectorTerms(), nodeLabels, node)) {
            throw new VolumeSetupException("volume \"" + volumeName + "\" has a node affinity that excludes node " + node);
        }
        if (pv.getSpec().getHostPath() != null) {
            Path path = Path.of(pv.getSpec().getHostPath().getPath());
            localPaths.seen(pv, path);
            return path;
        }
        if (pv.getSpec().getLocal() != null) {
            return Path.of(pv.getSpec().getLocal().getPath());
        }
        throw new VolumeSetupException("volume \"" + volumeName + "\" is of a kind this kubelet does not mount "
                + "(hostPath and local only)");
    }
}
