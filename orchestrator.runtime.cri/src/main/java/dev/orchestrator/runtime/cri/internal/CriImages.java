package dev.orchestrator.runtime.cri.internal;

import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ImageInfo;
import dev.orchestrator.api.runtime.ImagePullException;
import dev.orchestrator.api.runtime.Images;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.RegistryAuth;
import dev.orchestrator.api.runtime.RuntimeUnavailableException;
import dev.orchestrator.runtime.cri.internal.v1.AuthConfig;
import dev.orchestrator.runtime.cri.internal.v1.Image;
import dev.orchestrator.runtime.cri.internal.v1.ImageSpec;
import dev.orchestrator.runtime.cri.internal.v1.ImageStatusRequest;
import dev.orchestrator.runtime.cri.internal.v1.ListImagesRequest;
import dev.orchestrator.runtime.cri.internal.v1.PullImageRequest;
import dev.orchestrator.runtime.cri.internal.v1.RemoveImageRequest;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Images} over the CRI image service. */
final class CriImages implements Images {

    private static final Logger LOG = LoggerFactory.getLogger(CriImages.class);

    private final CriChannel cri;
    private final CriTimeouts timeouts;

    CriImages(CriChannel cri, CriTimeouts timeouts) {
        this.cri = cri;
        this.timeouts = timeouts;
    }

    /**
     * Pulls within the pull time limit. The runtime being unreachable stays {@link RuntimeUnavailableException};
     * every other failure becomes {@link ImagePullException} with the runtime's message.
     */
    @Override
    public String pull(String image, Optional<RegistryAuth> auth) {
        PullImageRequest.Builder request = PullImageRequest.newBuilder().setImage(spec(image));
        auth.ifPresent(a -> request.setAuth(auth(a)));
        long start = System.nanoTime();
        try {
            String ref = cri.images("PullImage", timeouts.pull(), s -> s.pullImage(request.build())).getImageRef();
            LOG.info("image pulled image={} ref={} ms={}", image, ref, (System.nanoTime() - start) / 1_000_000);
            return ref;
        } catch (RuntimeUnavailableException e) {
            throw e;
        } catch (ContainerRuntimeException e) {
            LOG.info("image pull failed image={} message={}", image, e.getMessage());
            throw new ImagePullException(e.getMessage(), e);
        }
    }

    @Override
    public Optional<ImageInfo> status(String image) {
        var reply = cri.images("ImageStatus", timeouts.call(),
                s -> s.imageStatus(ImageStatusRequest.newBuilder().setImage(spec(image)).build()));
        return reply.hasImage() ? Optional.of(info(reply.getImage())) : Optional.empty();
    }

    @Override
    public List<ImageInfo> list() {
        return cri.images("ListImages", timeouts.call(), s -> s.listImages(ListImagesRequest.getDefaultInstance()))
                .getImagesList().stream().map(CriImages::info).toList();
    }

    @Override
    public void remove(String image) {
        try {
            cri.images("RemoveImage", timeouts.call(),
                    s -> s.removeImage(RemoveImageRequest.newBuilder().setImage(spec(image)).build()));
        } catch (NotFoundException e) {
            LOG.debug("image to remove is gone image={}", image);
        }
    }

    private static ImageSpec spec(String image) {
        return ImageSpec.newBuilder().setImage(image).build();
    }

    static ImageInfo info(Image i) {
        return new ImageInfo(i.getId(), i.getRepoTagsList(), i.getRepoDigestsList(), i.getSize());
    }

    static AuthConfig auth(RegistryAuth a) {
        return AuthConfig.newBuilder().setUsername(nonNull(a.username())).setPassword(nonNull(a.password()))
                .setAuth(nonNull(a.auth())).setServerAddress(nonNull(a.serverAddress()))
                .setIdentityToken(nonNull(a.identityToken())).setRegistryToken(nonNull(a.registryToken())).build();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
