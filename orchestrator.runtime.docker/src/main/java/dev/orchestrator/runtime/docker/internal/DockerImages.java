package dev.orchestrator.runtime.docker.internal;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ImageInfo;
import dev.orchestrator.api.runtime.ImagePullException;
import dev.orchestrator.api.runtime.Images;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.RegistryAuth;
import dev.orchestrator.api.runtime.RuntimeUnavailableException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Images} over the Docker image API. */
final class DockerImages implements Images {

    private static final Logger LOG = LoggerFactory.getLogger(DockerImages.class);

    private final DockerConnection docker;
    private final DockerTimeouts timeouts;

    DockerImages(DockerConnection docker, DockerTimeouts timeouts) {
        this.docker = docker;
        this.timeouts = timeouts;
    }

    /**
     * Pulls within the pull time limit and returns the image id. dockerd being unreachable stays
     * {@link RuntimeUnavailableException}; every other failure (including an error in the pull's progress stream)
     * becomes {@link ImagePullException} with dockerd's message.
     */
    @Override
    public String pull(String image, Optional<RegistryAuth> auth) {
        ImageNames names;
        try {
            names = ImageNames.parse(image);
        } catch (IllegalArgumentException e) {
            throw new ImagePullException(e.getMessage(), e);
        }
        long start = System.nanoTime();
        AtomicReference<String> streamError = new AtomicReference<>();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        try {
            boolean done = docker.slowCall("pull", c -> {
                PullImageCmd cmd = c.pullImageCmd(names.repository());
                if (names.tag() != null) {
                    cmd.withTag(names.tag());
                }
                auth.ifPresent(a -> cmd.withAuthConfig(auth(a)));
                try (var callback = cmd.exec(new ResultCallback.Adapter<PullResponseItem>() {
                    @Override
                    public void onNext(PullResponseItem item) {
                        if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
                            streamError.set(item.getErrorDetail().getMessage());
                        } else if (item.getError() != null) {
                            streamError.set(item.getError());
                        }
                    }

                    /** Kept for the caller instead of docker-java's logging it as an ERROR with a stack trace. */
                    @Override
                    public void onError(Throwable t) {
                        failure.set(t instanceof RuntimeException r ? r : new RuntimeException(t));
                        try {
                            close();
                        } catch (java.io.IOException e) {
                            // closing the stream of a failed pull
                        }
                    }
                })) {
                    boolean completed = callback.awaitCompletion(timeouts.pull().toSeconds(), TimeUnit.SECONDS);
                    if (failure.get() != null) {
                        throw failure.get();
                    }
                    return completed;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ContainerRuntimeException("interrupted while pulling " + image, e);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            if (!done) {
                throw new ImagePullException("pulling " + image + " did not finish within " + timeouts.pull().toSeconds()
                        + "s");
            }
            if (streamError.get() != null) {
                throw new ImagePullException(streamError.get());
            }
            String id = status(names.full()).map(ImageInfo::id)
                    .orElseThrow(() -> new ImagePullException("image " + image + " is not present after its pull"));
            LOG.info("image pulled image={} id={} ms={}", image, id, (System.nanoTime() - start) / 1_000_000);
            return id;
        } catch (RuntimeUnavailableException | ImagePullException e) {
            if (e instanceof ImagePullException) {
                LOG.info("image pull failed image={} message={}", image, e.getMessage());
            }
            throw e;
        } catch (ContainerRuntimeException e) {
            LOG.info("image pull failed image={} message={}", image, e.getMessage());
            throw new ImagePullException(e.getMessage(), e);
        }
    }

    @Override
    public Optional<ImageInfo> status(String image) {
        try {
            InspectImageResponse i = docker.call("inspect image", c -> c.inspectImageCmd(image).exec());
            return Optional.of(new ImageInfo(i.getId(), nonNull(i.getRepoTags()), nonNull(i.getRepoDigests()),
                    i.getSize() == null ? 0 : i.getSize()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Pulls the image unless dockerd has it already (a present image is never pulled again). */
    String ensure(String image) {
        return status(image).map(ImageInfo::id).orElseGet(() -> pull(image, Optional.empty()));
    }

    @Override
    public List<ImageInfo> list() {
        List<Image> images = docker.call("list images", c -> c.listImagesCmd().exec());
        return images.stream().map(i -> new ImageInfo(i.getId(), list(i.getRepoTags()), list(i.getRepoDigests()),
                i.getSize() == null ? 0 : i.getSize())).toList();
    }

    @Override
    public void remove(String image) {
        try {
            docker.call("remove image", c -> {
                c.removeImageCmd(image).exec();
                return null;
            });
        } catch (NotFoundException e) {
            LOG.debug("image to remove is gone image={}", image);
        }
    }

    static AuthConfig auth(RegistryAuth a) {
        AuthConfig c = new AuthConfig();
        if (notBlank(a.username())) {
            c = c.withUsername(a.username());
        }
        if (notBlank(a.password())) {
            c = c.withPassword(a.password());
        }
        if (notBlank(a.auth())) {
            c = c.withAuth(a.auth());
        }
        if (notBlank(a.serverAddress())) {
            c = c.withRegistryAddress(a.serverAddress());
        }
        if (notBlank(a.identityToken())) {
            c = c.withIdentityToken(a.identityToken());
        }
        if (notBlank(a.registryToken())) {
            c = c.withRegistrytoken(a.registryToken());
        }
        return c;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    private static List<String> nonNull(List<String> l) {
        return l == null ? List.of() : l.stream().filter(s -> !"<none>:<none>".equals(s) && !"<none>@<none>".equals(s)).toList();
    }

    private static List<String> list(String[] a) {
        return a == null ? List.of() : nonNull(Arrays.asList(a));
    }
}
