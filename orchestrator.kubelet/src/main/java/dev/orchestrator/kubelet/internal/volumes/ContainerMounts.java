package dev.orchestrator.kubelet.internal.volumes;

import dev.orchestrator.api.runtime.ContainerConfig.Mount;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A container's {@code volumeMounts} as the runtime's bind mounts: the volume's directory on the
 * node (or the hostPath), narrowed by {@code subPath} or the expanded {@code subPathExpr}, and
 * read-only when asked or when the volume is API data (configMap, secret, downwardAPI, projected
 * volumes are always read-only, as in Kubernetes). A missing subPath of a writable volume is made
 * as a directory; one that leads out of its volume (through a symbolic link a container planted)
 * is refused.
 */
public final class ContainerMounts {

    private final PodVolumes volumes;

    public ContainerMounts(PodVolumes volumes) {
        this.volumes = volumes;
    }

    /**
     * @param expand expands {@code $(VAR)} in a {@code subPathExpr} with the container's environment
     */
    public List<Mount> of(Pod pod, Container container, UnaryOperator<String> expand) throws VolumeSetupException {
        List<Mount> mounts = new ArrayList<>();
        for (VolumeMount m : container.getVolumeMounts()) {
            Volume volume = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(m.getName())).findFirst()
                    .orElseThrow(() -> new VolumeSetupException("volumeMount \"" + m.getName() + "\" of container \""
                            + container.getName() + "\" names no volume of the pod"));
            boolean apiData = volume.getConfigMap() != null || volume.getSecret() != null
                    || volume.getDownwardAPI() != null || volume.getProjected() != null;
            Path source = volume.getHostPath() != null ? Path.of(volume.getHostPath().getPath())
                    : volume.getPersistentVolumeClaim() != null
                    ? volumes.claimPath(pod, volume.getPersistentVolumeClaim().getClaimName())
                    : volumes.volumeDir(pod.getMetadata().getUid(), volume.getName());
            String subPath = m.getSubPathExpr() != null && !m.getSubPathExpr().isEmpty()
                    ? expand.apply(m.getSubPathExpr()) : m.getSubPath();
            if (subPath != null && !subPath.isEmpty()) {
                source = subPath(source, subPath, !apiData, m, container);
            }
            boolean readOnlyClaim = volume.getPersistentVolumeClaim() != null
                    && Boolean.TRUE.equals(volume.getPersistentVolumeClaim().getReadOnly());
            mounts.add(new Mount(m.getMountPath(), source.toString(),
                    apiData || readOnlyClaim || Boolean.TRUE.equals(m.getReadOnly())));
        }
        return mounts;
    }

    private static Path subPath(Path volume, String subPath, boolean create, VolumeMount m, Container c)
            throws VolumeSetupException {
        String what = "failed to prepare subPath for volumeMount \"" + m.getName() + "\" of container \"" + c.getName() + "\"";
        try {
            AtomicWriter.checkPath(subPath);
            Path p = volume.resolve(subPath);
            if (!Files.exists(p) && create) {
                Files.createDirectories(p);
            }
            Path real = p.toRealPath();
            if (!real.startsWith(volume.toRealPath())) {
                throw new VolumeSetupException(what + ": subPath " + subPath + " leads out of the volume");
            }
            return real;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new VolumeSetupException(what + ": subPath " + subPath + " does not exist in the volume");
        } catch (IOException e) {
            throw new VolumeSetupException(what + ": " + e.getMessage());
        }
    }
}
