package dev.orchestrator.kubelet.internal.volumes;

import java.nio.file.Path;

/** Where on this node the volume bound to a PersistentVolumeClaim lives. */
@FunctionalInterface
public interface ClaimPaths {

    /**
     * @throws VolumeSetupException when the claim is missing, not bound yet, or its volume is not on this node or not
     *     of a kind this kubelet mounts (hostPath, local)
     */
    Path pathOf(String namespace, String claimName) throws VolumeSetupException;

    /** For kubelets that mount no claims (hollow nodes' tests). */
    ClaimPaths NONE = (namespace, claim) -> {
        throw new VolumeSetupException("persistentvolumeclaim \"" + claim + "\": this kubelet mounts no claims");
    };
}
