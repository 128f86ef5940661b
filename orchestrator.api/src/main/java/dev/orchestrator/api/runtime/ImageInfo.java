package dev.orchestrator.api.runtime;

import java.util.List;

/** An image present in a runtime. */
public record ImageInfo(String id, List<String> repoTags, List<String> repoDigests, long sizeBytes) {
    public ImageInfo {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
    }
}
