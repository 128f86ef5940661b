package dev.orchestrator.runtime.cri.internal;

import dev.orchestrator.api.runtime.ContainerExec;
import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.Containers;
import dev.orchestrator.api.runtime.Images;
import dev.orchestrator.api.runtime.PodSandboxes;
import dev.orchestrator.api.runtime.RuntimeHandler;
import dev.orchestrator.api.runtime.RuntimeStatus;
import dev.orchestrator.api.runtime.RuntimeVersion;
import dev.orchestrator.runtime.cri.internal.v1.RuntimeCondition;
import dev.orchestrator.runtime.cri.internal.v1.StatusRequest;
import dev.orchestrator.runtime.cri.internal.v1.VersionRequest;
import dev.orchestrator.runtime.cri.internal.v1.VersionResponse;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ContainerRuntime} behind a CRI endpoint (containerd by default, at the node's socket under the data
 * directory). The service property {@value RuntimeHandler#NAME} is {@code runc} unless configured otherwise.
 *
 * <p>Activation only prepares the channel (it connects on the first call), so the service is there even while the
 * runtime is still starting; calls then fail with {@link dev.orchestrator.api.runtime.RuntimeUnavailableException}.
 * Deactivation (bundle stop or update) closes the channel and its threads within a few seconds and never stops or
 * removes a sandbox or container: they outlive this bundle, and the next instance finds them by listing.
 */
@Component(name = CriRuntimeConfig.PID, service = ContainerRuntime.class,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@RuntimeHandler("runc")
@Designate(ocd = CriRuntimeConfig.class)
public final class CriContainerRuntime implements ContainerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(CriContainerRuntime.class);

    /** The CRI version this client speaks. */
    static final String CRI_VERSION = "v1";

    private final CriChannel cri;
    private final CriTimeouts timeouts;
    private final CriSandboxes sandboxes;
    private final CriContainers containers;
    private final CriExec exec;
    private final CriImages images;

    @Activate
    public CriContainerRuntime(CriRuntimeConfig config, BundleContext context) {
        this(CriEndpoint.resolve(config.endpoint(), context.getProperty(CriEndpoint.DATA_DIR_PROPERTY)),
                config.transport(), CriTimeouts.of(config));
        LOG.info("CRI runtime active endpoint={} handler={} transport={}", cri.endpoint(),
                config.orchestrator_runtime_handler(), cri.transport());
    }

    /** Without OSGi (tests): a runtime at {@code endpoint}. */
    CriContainerRuntime(CriEndpoint endpoint, String transport, CriTimeouts timeouts) {
        this.cri = new CriChannel(endpoint, transport);
        this.timeouts = timeouts;
        this.sandboxes = new CriSandboxes(cri, timeouts);
        this.containers = new CriContainers(cri, timeouts);
        this.exec = new CriExec(cri, timeouts);
        this.images = new CriImages(cri, timeouts);
    }

    /** Closes the channel; sandboxes and containers keep running. */
    @Deactivate
    public void close() {
        cri.close();
    }

    /** "epoll" or "nio": how the unix socket is reached. */
    String transport() {
        return cri.transport();
    }

    @Override
    public RuntimeVersion version() {
        VersionResponse v = cri.runtime("Version", timeouts.call(),
                s -> s.version(VersionRequest.newBuilder().setVersion(CRI_VERSION).build()));
        return new RuntimeVersion(v.getRuntimeName(), v.getRuntimeVersion(), v.getRuntimeApiVersion());
    }

    @Override
    public RuntimeStatus status() {
        List<RuntimeCondition> conditions = cri.runtime("Status", timeouts.call(),
                s -> s.status(StatusRequest.getDefaultInstance())).getStatus().getConditionsList();
        return status(conditions);
    }

    /** Reads the two conditions the kubelet needs; a missing one counts as not ready. */
    static RuntimeStatus status(List<RuntimeCondition> conditions) {
        RuntimeCondition runtime = find(conditions, "RuntimeReady");
        RuntimeCondition network = find(conditions, "NetworkReady");
        return new RuntimeStatus(runtime.getStatus(), message(runtime), network.getStatus(), message(network));
    }

    private static RuntimeCondition find(List<RuntimeCondition> conditions, String type) {
        return conditions.stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElse(RuntimeCondition.newBuilder().setType(type).setReason("Missing")
                        .setMessage("the runtime reports no " + type + " condition").build());
    }

    private static String message(RuntimeCondition c) {
        if (c.getStatus()) {
            return "";
        }
        if (c.getReason().isEmpty()) {
            return c.getMessage();
        }
        return c.getMessage().isEmpty() ? c.getReason() : c.getReason() + ": " + c.getMessage();
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
