package dev.orchestrator.runtime.sim.internal;

import dev.orchestrator.api.runtime.ImageInfo;
import dev.orchestrator.api.runtime.ImagePullException;
import dev.orchestrator.api.runtime.Images;
import dev.orchestrator.api.runtime.RegistryAuth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Simulated images: every image can be pulled except those under {@code missing/}, which fail as
 * an unknown repository does. Nothing is downloaded; an image's id is the SHA-256 of its name, so
 * it is the same on every hollow node. Credentials are accepted and ignored.
 */
final class SimImages implements Images {

    /** Images whose name starts with this fail to pull, so tests can provoke ErrImagePull. */
    static final String MISSING_PREFIX = "missing/";
    /** What every image claims to weigh: small and fixed, so node image totals are predictable. */
    static final long SIZE_BYTES = 1L << 20;

    private final SimState state;

    SimImages(SimState state) {
        this.state = state;
        for (String image : state.behaviour.preloadedImages()) {
            state.images.put(normalize(image), idOf(normalize(image)));
        }
    }

    /** Blocks for the configured pull latency first (outside the lock, so other calls go on). */
    @Override
    public String pull(String image, Optional<RegistryAuth> auth) {
        String name = normalize(image);
        if (image.startsWith(MISSING_PREFIX)) {
            throw new ImagePullException("failed to pull and unpack image \"" + name
                    + "\": failed to resolve reference \"" + name + "\": " + name + ": not found", null);
        }
        SimState.pause(state.behaviour.pullLatency(), "pulling image " + name);
        synchronized (state) {
            return state.images.computeIfAbsent(name, SimImages::idOf);
        }
    }

    @Override
    public Optional<ImageInfo> status(String image) {
        String name = normalize(image);
        synchronized (state) {
            return Optional.ofNullable(state.images.get(name)).map(id -> info(name, id));
        }
    }

    @Override
    public List<ImageInfo> list() {
        synchronized (state) {
            List<ImageInfo> result = new ArrayList<>(state.images.size());
            for (Map.Entry<String, String> entry : state.images.entrySet()) {
                result.add(info(entry.getKey(), entry.getValue()));
            }
            return result;
        }
    }

    @Override
    public void remove(String image) {
        synchronized (state) {
            state.images.remove(normalize(image));
        }
    }

    /**
     * Adds the implied {@code :latest} tag, so that {@code busybox} and {@code busybox:latest} are
     * one image (registry host and {@code library/} are not expanded: the kubelet passes names as
     * written in the pod, and tests use them consistently).
     */
    static String normalize(String image) {
        int slash = image.lastIndexOf('/');
        boolean tagged = image.indexOf(':', slash + 1) >= 0 || image.indexOf('@') >= 0;
        return tagged ? image : image + ":latest";
    }

    private static ImageInfo info(String name, String id) {
        int at = name.indexOf('@');
        String repository = at >= 0 ? name.substring(0, at) : name.substring(0, name.lastIndexOf(':'));
        return new ImageInfo(id, at >= 0 ? List.of() : List.of(name), List.of(repository + "@" + id), SIZE_BYTES);
    }

    private static String idOf(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
