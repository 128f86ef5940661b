package dev.orchestrator.kubelet.internal.volumes;

import dev.orchestrator.kubelet.internal.ConfigSources;
import dev.orchestrator.kubelet.internal.volumes.AtomicWriter.FileContent;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The files a configMap, secret, downwardAPI or projected volume (those and serviceAccountToken) holds, as Kubernetes lays them
 * out: every key as a file named after it, or only the listed {@code items} at their paths; each
 * file's mode from the item, else the volume's {@code defaultMode}, else 0644. A missing object or
 * key fails unless marked {@code optional} (then it projects nothing).
 */
final class ProjectionPayloads {

    static final int DEFAULT_MODE = 0644;
    /** The fields a downwardAPI volume may project (status fields are for env only). */
    private static final Pattern VOLUME_FIELDS = Pattern.compile(
            "metadata\\.(name|namespace|uid|labels|annotations)|metadata\\.(labels|annotations)\\['.+'\\]");

    private final ConfigSources sources;
    private final DownwardValues downward;
    private final ServiceAccountTokens tokens;

    ProjectionPayloads(ConfigSources sources, DownwardValues downward) {
        this.sources = sources;
        this.downward = downward;
        this.tokens = new ServiceAccountTokens(sources, java.time.Clock.systemUTC());
    }

    /** Forgets what was held for a pod that is gone (its tokens). */
    void forget(String podUid) {
        tokens.forget(podUid);
    }

    Map<String, FileContent> configMap(Pod pod, String name, List<KeyToPath> items, Integer defaultMode,
                                       Boolean optional) throws VolumeSetupException {
        Optional<Map<String, byte[]>> data = sources.configMapBytes(pod.getMetadata().getNamespace(), name);
        return keys("configmap", name, data, items, mode(defaultMode), Boolean.TRUE.equals(optional),
                "configmap references non-existent config key: ");
    }

    Map<String, FileContent> secret(Pod pod, String name, List<KeyToPath> items, Integer defaultMode,
                                    Boolean optional) throws VolumeSetupException {
        Optional<Map<String, byte[]>> data = sources.secretBytes(pod.getMetadata().getNamespace(), name);
        return keys("secret", name, data, items, mode(defaultMode), Boolean.TRUE.equals(optional),
                "secret references non-existent secret key: ");
    }

    Map<String, FileContent> downwardApi(Pod pod, List<DownwardAPIVolumeFile> items, Integer defaultMode)
            throws VolumeSetupException {
        Map<String, FileContent> files = new LinkedHashMap<>();
        for (DownwardAPIVolumeFile item : nonNull(items)) {
            String value;
            if (item.getFieldRef() != null) {
                String path = item.getFieldRef().getFieldPath();
                if (path == null || !VOLUME_FIELDS.matcher(path).matches()) {
                    throw new VolumeSetupException("unsupported fieldRef fieldPath in a downwardAPI volume: " + path);
                }
                value = downward.field(pod, path);
            } else if (item.getResourceFieldRef() != null) {
                if (item.getResourceFieldRef().getContainerName() == null
                        || item.getResourceFieldRef().getContainerName().isEmpty()) {
                    throw new VolumeSetupException("resourceFieldRef of " + item.getPath() + " must name a container");
                }
                value = downward.resource(pod, item.getResourceFieldRef());
            } else {
                throw new VolumeSetupException("downwardAPI item " + item.getPath() + " has neither fieldRef nor resourceFieldRef");
            }
            files.put(item.getPath(), new FileContent(value.getBytes(StandardCharsets.UTF_8),
                    item.getMode() != null ? item.getMode() : mode(defaultMode)));
        }
        return files;
    }

    /** Every source of a projected volume into one directory (a later source wins a shared path). */
    Map<String, FileContent> projected(Pod pod, ProjectedVolumeSource source) throws VolumeSetupException {
        Integer mode = source.getDefaultMode() == null ? DEFAULT_MODE : source.getDefaultMode();
        Map<String, FileContent> files = new LinkedHashMap<>();
        for (VolumeProjection p : nonNull(source.getSources())) {
            if (p.getConfigMap() != null) {
                files.putAll(configMap(pod, p.getConfigMap().getName(), p.getConfigMap().getItems(), mode,
                        p.getConfigMap().getOptional()));
            } else if (p.getSecret() != null) {
                files.putAll(secret(pod, p.getSecret().getName(), p.getSecret().getItems(), mode,
                        p.getSecret().getOptional()));
            } else if (p.getDownwardAPI() != null) {
                files.putAll(downwardApi(pod, p.getDownwardAPI().getItems(), mode));
            } else if (p.getServiceAccountToken() != null) {
                files.put(p.getServiceAccountToken().getPath(), new FileContent(tokens.token(pod, p.getServiceAccountToken()),
                        mode));
            } else {
                throw new VolumeSetupException("unsupported projected volume source");
            }
        }
        return files;
    }

    private static Map<String, FileContent> keys(String kind, String name, Optional<Map<String, byte[]>> data,
            List<KeyToPath> items, int defaultMode, boolean optional, String missingKey) throws VolumeSetupException {
        Map<String, FileContent> files = new LinkedHashMap<>();
        if (data.isEmpty()) {
            if (optional) {
                return files;
            }
            throw new VolumeSetupException(kind + " \"" + name + "\" not found");
        }
        if (nonNull(items).isEmpty()) {
            data.get().forEach((k, v) -> files.put(k, new FileContent(v, defaultMode)));
            return files;
        }
        for (KeyToPath item : items) {
            byte[] value = data.get().get(item.getKey());
            if (value == null) {
                if (optional) {
                    continue;
                }
                throw new VolumeSetupException(missingKey + item.getKey());
            }
            files.put(item.getPath(), new FileContent(value, item.getMode() != null ? item.getMode() : defaultMode));
        }
        return files;
    }

    private static int mode(Integer mode) {
        return mode == null ? DEFAULT_MODE : mode;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
