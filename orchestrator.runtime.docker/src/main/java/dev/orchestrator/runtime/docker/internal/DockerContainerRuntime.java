package dev.orchestrator.runtime.docker.internal;

import com.github.dockerjava.api.model.Version;
import dev.orchestrator.api.runtime.ContainerExec;
import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.Containers;
import dev.orchestrator.api.runtime.Images;
import dev.orchestrator.api.runtime.PodSandboxes;
import dev.orchestrator.api.runtime.RuntimeHandler;
import dev.orchestrator.api.runtime.RuntimeStatus;
import dev.orchestrator.api.runtime.RuntimeVersion;
import dev.orchestrator.api.streaming.StreamingServer;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ContainerRuntime} behind a Docker Engine (by default the node's dockerd at
 * {@code <data dir>/node/docker/docker.sock}). The service property {@value RuntimeHandler#NAME} is {@code docker}
 * unless configured otherwise; a RuntimeClass with that handler runs its pods here.
 *
 * <p>Activation only prepares the client (it connects on the first call), so the service is there even while dockerd
 * is not: calls then fail with {@link dev.orchestrator.api.runtime.RuntimeUnavailableException}. Deactivation (bundle
 * stop or update) closes the client and never stops or removes a container: they live in dockerd, and the next
 * instance finds them by their labels.
 */
@Component(name = DockerRuntimeConfig.PID, service = ContainerRuntime.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@RuntimeHandler("docker")
@Designate(ocd = DockerRuntimeConfig.class)
public final class DockerContainerRuntime implements ContainerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DockerContainerRuntime.class);

    /** The runtime name the kubelet prefixes container ids with ({@code docker://<id>}). */
    static final String NAME = "docker";

    private final DockerConnection docker;
    private final Cni cni;
    private final DockerSandboxes sandboxes;
    private final DockerContainers containers;
    private final DockerExec exec;
    private final DockerImages images;
    /** The node's streaming server, which Docker lacks; exec, attach and port-forward sessions run there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile StreamingServer streaming;

    @Activate
    public DockerContainerRuntime(DockerRuntimeConfig config, BundleContext context) {
        this(DockerNodePaths.resolve(config, context.getProperty(DockerNodePaths.DATA_DIR_PROPERTY)),
                DockerTimeouts.of(config), DockerLogLimits.of(config));
        LOG.info("Docker runtime active endpoint={} handler={}", docker.endpoint(), config.orchestrator_runtime_handler());
    }

    /** Without OSGi (tests). */
    DockerContainerRuntime(DockerNodePaths paths, DockerTimeouts timeouts) {
        this(paths, timeouts, DockerLogLimits.DEFAULT);
    }

    DockerContainerRuntime(DockerNodePaths paths, DockerTimeouts timeouts, DockerLogLimits logLimits) {
        this.docker = new DockerConnection(paths.socket(), timeouts);
        this.cni = new Cni(paths.cniConfDir(), paths.cniBinDir(), paths.cniResultDir());
        this.images = new DockerImages(docker, timeouts);
        this.sandboxes = new DockerSandboxes(docker, images, cni, paths.pauseImage());
        this.containers = new DockerContainers(docker, sandboxes, timeouts, logLimits);
        this.exec = new DockerExec(docker, timeouts, () -> Optional.ofNullable(streaming));
    }

    /** Closes the client; containers keep running in dockerd. */
    @Deactivate
    public void close() {
        exec.close();
        docker.close();
    }

    /** Without OSGi (tests): the streaming server sessions go to. */
    void streaming(StreamingServer server) {
        this.streaming = server;
    }

    @Override
    public RuntimeVersion version() {
        Version v = docker.call("version", c -> c.versionCmd().exec());
        return new RuntimeVersion(NAME, v.getVersion(), v.getApiVersion());
    }

    /** dockerd answering a ping makes the runtime ready; the network is ready when the CNI configuration is usable. */
    @Override
    public RuntimeStatus status() {
        docker.call("ping", c -> {
            c.pingCmd().exec();
            return null;
        });
        Optional<String> network = cni.notReady();
        return new RuntimeStatus(true, "", network.isEmpty(), network.map(m -> "NetworkPluginNotReady: " + m).orElse(""));
    }

    @Override
    public PodSandboxes sandboxes() {
        return sandboxes;
    }

    @Override
    public Containers containers() {
        return containers;
    }

    @Override
    public ContainerExec exec() {
        return exec;
    }

    @Override
    public Images images() {
        return images;
    }
}
