package dev.orchestrator.api.runtime;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The images of a runtime (CRI {@code ImageService}). */
@ProviderType
public interface Images {

    /**
     * Pulls an image from its registry and returns the image reference (an id or digest).
     *
     * @param auth credentials for the image's registry, if any
     * @throws ImagePullException with the registry's message when the pull fails
     */
    String pull(String image, Optional<RegistryAuth> auth);

    /** The image as stored, or empty when it is not present. */
    Optional<ImageInfo> status(String image);

    /** Every image present. */
    List<ImageInfo> list();

    /** Removes an image; an absent one is ignored. */
    void remove(String image);
}
