package dev.orchestrator.kubelet.internal.volumes;

import dev.orchestrator.kubelet.internal.ConfigSources;
import dev.orchestrator.kubelet.internal.volumes.AtomicWriter.FileContent;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's pod volumes on disk: {@code <root>/<pod uid>/<volume name>} for emptyDir, configMap,
 * secret, downwardAPI and projected volumes (hostPath volumes are the host's path itself).
 * Setting up is idempotent and runs on every sync of a pod, which is how projections follow their
 * ConfigMaps and Secrets: a payload that changed is written again atomically. Nothing a running
 * pod uses is ever replaced: an emptyDir is created once and never emptied, a tmpfs already
 * mounted is kept, so a new kubelet adopts its predecessor's volumes. Tearing down (the pod is
 * gone) unmounts what is mounted under the pod's directory and then removes it.
 */
public final class PodVolumes {

    private static final Logger LOG = LoggerFactory.getLogger(PodVolumes.class);
    private static final int EMPTY_DIR_MODE = 0777;

    private final Path root;
    private final TmpfsMounter tmpfs;
    private final ProjectionPayloads payloads;
    private final BiConsumer<Pod, String> failedMount;
    private final ClaimPaths claims;

    /**
     * @param root the node's volume directory (one per kubelet: what is under it and belongs to
     *             no pod of this node is removed)
     * @param failedMount receives a pod and a FailedMount message to post as a warning event
     */
    public PodVolumes(Path root, TmpfsMounter tmpfs, ConfigSources sources, DownwardValues downward,
                      BiConsumer<Pod, String> failedMount) {
        this(root, tmpfs, sources, downward, failedMount, ClaimPaths.NONE);
    }

    /** @param claims where the volumes bound to PersistentVolumeClaims live on this node */
    public PodVolumes(Path root, TmpfsMounter tmpfs, ConfigSources sources, DownwardValues downward,
                      BiConsumer<Pod, String> failedMount, ClaimPaths claims) {
        this.root = root;
        this.tmpfs = tmpfs;
        this.payloads = new ProjectionPayloads(sources, downward);
        this.failedMount = failedMount;
        this.claims = claims;
    }

    /**
     * Where a claim volume of the pod lives (its volume's directory, made when missing, as the local-path class's
     * hostPath volumes ask with DirectoryOrCreate).
     */
    public Path claimPath(Pod pod, String claimName) throws VolumeSetupException {
        Path path = claims.pathOf(pod.getMetadata().getNamespace(), claimName);
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new VolumeSetupException("cannot make the directory " + path + " of persistentvolumeclaim \""
                    + claimName + "\": " + e.getMessage());
        }
        return path;
    }

    /** Where volume {@code name} of pod {@code uid} lives on the node. */
    public Path volumeDir(String uid, String name) {
        return root.resolve(uid).resolve(name);
    }

    /**
     * Sets up (or refreshes) every volume of the pod. A volume that fails gets a FailedMount event;
     * one that was never set up also blocks the pod (thrown), while one already in use keeps its
     * last content (a ConfigMap deleted under a running pod leaves its files, as in Kubernetes).
     */
    public void setUp(Pod pod) throws VolumeSetupException {
        VolumeSetupException blocking = null;
        String uid = pod.getMetadata().getUid();
        for (Volume v : pod.getSpec().getVolumes()) {
            Path dir = volumeDir(uid, v.getName());
            boolean inUse = false;
            try {
                inUse = isSetUp(v, dir);
                setUp(pod, v, dir);
            } catch (VolumeSetupException | IOException | RuntimeException e) {
                String message = "MountVolume.SetUp failed for volume \"" + v.getName() + "\" : " + reason(e);
                failedMount.accept(pod, message);
                if (!inUse && blocking == null) {
                    blocking = new VolumeSetupException(message);
                }
            }
        }
        if (blocking != null) {
            throw blocking;
        }
    }

    private static String reason(Exception e) {
        return e instanceof VolumeSetupException || e.getMessage() == null ? String.valueOf(e.getMessage()) : e.toString();
    }

    private boolean isSetUp(Volume v, Path dir) throws IOException {
        if (v.getEmptyDir() != null) {
            return isMemory(v.getEmptyDir()) ? tmpfs.isMounted(dir) : Files.isDirectory(dir);
        }
        if (v.getHostPath() != null || v.getPersistentVolumeClaim() != null) {
            return Files.isDirectory(dir); // made once the check passed
        }
        return Files.isSymbolicLink(dir.resolve(AtomicWriter.DATA));
    }

    private void setUp(Pod pod, Volume v, Path dir) throws VolumeSetupException, IOException {
        if (v.getEmptyDir() != null) {
            emptyDir(v.getEmptyDir(), dir);
        } else if (v.getHostPath() != null) {
            HostPathCheck.check(v.getHostPath().getPath(), v.getHostPath().getType());
            Files.createDirectories(dir);
        } else if (v.getPersistentVolumeClaim() != null) {
            claimPath(pod, v.getPersistentVolumeClaim().getClaimName());
            Files.createDirectories(dir);
        } else if (v.getConfigMap() != null) {
            var cm = v.getConfigMap();
            project(dir, false, payloads.configMap(pod, cm.getName(), cm.getItems(), cm.getDefaultMode(), cm.getOptional()));
        } else if (v.getSecret() != null) {
            var s = v.getSecret();
            project(dir, true, payloads.secret(pod, s.getSecretName(), s.getItems(), s.getDefaultMode(), s.getOptional()));
        } else if (v.getDownwardAPI() != null) {
            project(dir, true, payloads.downwardApi(pod, v.getDownwardAPI().getItems(), v.getDownwardAPI().getDefaultMode()));
        } else if (v.getProjected() != null) {
            project(dir, true, payloads.projected(pod, v.getProjected()));
        } else {
            throw new VolumeSetupException("this kubelet supports emptyDir, hostPath, persistentVolumeClaim, configMap, "
                    + "secret, downwardAPI and projected volumes only");
        }
    }

    private void emptyDir(EmptyDirVolumeSource source, Path dir) throws VolumeSetupException, IOException {
        String medium = source.getMedium() == null ? "" : source.getMedium();
        if (!medium.isEmpty() && !"Memory".equals(medium)) {
            throw new VolumeSetupException("emptyDir medium " + medium + " is not supported");
        }
        boolean fresh = !Files.isDirectory(dir);
        Files.createDirectories(dir);
        if (isMemory(source)) {
            Quantity limit = source.getSizeLimit();
            fresh |= tmpfs.ensureMounted(dir, limit == null ? OptionalLong.empty()
                    : OptionalLong.of(Quantity.getAmountInBytes(limit).longValue()));
        }
        if (fresh) { // world-writable as in Kubernetes, so that any user in the pod can share it
            Files.setPosixFilePermissions(dir, AtomicWriter.permissions(EMPTY_DIR_MODE));
        }
    }

    private static boolean isMemory(EmptyDirVolumeSource source) {
        return "Memory".equals(source.getMedium());
    }

    /** Secrets and the downward API go on tmpfs, as in Kubernetes, so they never touch a disk. */
    private void project(Path dir, boolean inMemory, Map<String, FileContent> payload) throws IOException {
        Files.createDirectories(dir);
        if (inMemory) {
            tmpfs.ensureMounted(dir, OptionalLong.empty());
        }
        if (AtomicWriter.write(dir, payload)) {
            LOG.debug("volume projected dir={} files={}", dir, payload.size());
        }
    }

    /**
     * Removes the volumes of a pod that is gone (its containers are): unmounts what is mounted
     * under its directory, deepest first, then deletes the directory without following links.
     *
     * @return whether nothing is left (false: something could not be unmounted, try again later)
     */
    public boolean tearDown(String uid) {
        payloads.forget(uid);
        Path dir = root.resolve(uid);
        if (!Files.exists(dir)) {
            return true;
        }
        try {
            for (Path mount : tmpfs.mountedUnder(dir)) {
                tmpfs.unmount(mount);
            }
            List<Path> left = tmpfs.mountedUnder(dir);
            if (!left.isEmpty()) {
                LOG.warn("pod volumes still mounted, not removed uid={} mounts={}", uid, left);
                return false;
            }
            AtomicWriter.deleteTree(dir);
            LOG.info("pod volumes removed uid={}", uid);
            return true;
        } catch (IOException e) {
            LOG.warn("pod volumes not removed uid={} error={}", uid, e.toString());
            return false;
        }
    }

    /** The pod uids that have a volume directory on this node (to find those of pods that are gone). */
    public Set<String> podsOnDisk() {
        Set<String> uids = new HashSet<>();
        if (!Files.isDirectory(root)) {
            return uids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, Files::isDirectory)) {
            entries.forEach(p -> uids.add(p.getFileName().toString()));
        } catch (IOException e) {
            LOG.warn("volume directory not listed dir={} error={}", root, e.toString());
        }
        return uids;
    }
}
