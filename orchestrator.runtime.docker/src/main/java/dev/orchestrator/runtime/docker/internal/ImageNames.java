package dev.orchestrator.runtime.docker.internal;

/**
 * An image reference split the way the Docker pull API wants it ({@code fromImage} and {@code tag}):
 * {@code registry:5000/name:tag} → {@code registry:5000/name} + {@code tag}; no tag means {@code latest}; a digest
 * reference ({@code name@sha256:…}) is pulled as it is.
 */
record ImageNames(String repository, String tag) {

    static ImageNames parse(String image) {
        String ref = image.trim();
        if (ref.isEmpty()) {
            throw new IllegalArgumentException("empty image name");
        }
        if (ref.contains("@")) {
            return new ImageNames(ref, null);
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            return new ImageNames(ref.substring(0, colon), ref.substring(colon + 1));
        }
        return new ImageNames(ref, "latest");
    }

    /** The reference with its tag made explicit ({@code busybox} → {@code busybox:latest}). */
    String full() {
        return tag == null ? repository : repository + ":" + tag;
    }
}
