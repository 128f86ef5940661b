package dev.orchestrator.runtime.sim.internal;

import dev.orchestrator.api.runtime.ContainerExec;
import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.Containers;
import dev.orchestrator.api.runtime.Images;
import dev.orchestrator.api.runtime.PodSandboxes;
import dev.orchestrator.api.runtime.RuntimeHandler;
import dev.orchestrator.api.runtime.RuntimeStatus;
import dev.orchestrator.api.runtime.RuntimeVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A hollow container runtime: the CRI's state machine without processes, images or networks, for
 * scale tests that run thousands of nodes, each with its own kubelet and runtime, in one JVM.
 *
 * <p>An instance owns no thread and holds well under 2 KB while idle (a few hundred bytes per
 * container): time-driven changes, such as a container exiting after a while, are worked out from
 * the clock whenever a status is read. Containers are steered by their command line (see
 * {@link SimCommand}), image pulls by the image name ({@code missing/…} fails). All calls are
 * thread-safe and answer at once unless a latency is configured.
 *
 * <p>As a component it appears only when configured (PID {@code orchestrator.runtime.sim}), so a
 * cluster never picks a hollow runtime by accident; a scale harness constructs instances directly.
 * Reconfiguring replaces the instance, and with it every sandbox and container it simulated.
 */
@Component(name = "orchestrator.runtime.sim", service = ContainerRuntime.class,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SimRuntimeConfig.class)
@RuntimeHandler("sim")
public final class SimulatedRuntime implements ContainerRuntime {

    private static final RuntimeVersion VERSION = new RuntimeVersion("sim", "1.0.0", "v1");
    private static final RuntimeStatus READY = RuntimeStatus.ready();
    private static final RuntimeStatus NOT_READY = new RuntimeStatus(false, "simulated runtime set not ready",
            false, "simulated runtime set not ready");

    private final SimSandboxes sandboxes;
    private final SimContainers containers;
    private final SimExec exec;
    private final SimImages images;
    private volatile boolean ready = true;

    /** The component: one runtime as configured, on the system clock. */
    @Activate
    public SimulatedRuntime(SimRuntimeConfig config) {
        this(config.podCidr(), new SimBehaviour(Duration.ofMillis(config.startLatencyMillis()),
                Duration.ofMillis(config.pullLatencyMillis()), List.of(config.preloadedImages())), Clock.systemUTC());
    }

    /**
     * A runtime for a harness or a test.
     *
     * @param podCidr the IPv4 range (e.g. {@code 10.244.3.0/24}) its sandboxes get addresses from
     * @param behaviour latencies and preloaded images; may be shared by many runtimes
     * @param clock the time that drives timed exits; may be shared by many runtimes
     * @throws IllegalArgumentException when {@code podCidr} is not an IPv4 CIDR of /8 to /30
     */
    public SimulatedRuntime(String podCidr, SimBehaviour behaviour, Clock clock) {
        SimState state = new SimState(clock, behaviour, podCidr);
        this.sandboxes = new SimSandboxes(state);
        this.containers = new SimContainers(state);
        this.exec = new SimExec(state);
        this.images = new SimImages(state);
    }

    /** A runtime without latencies on the system clock. */
    public SimulatedRuntime(String podCidr) {
        this(podCidr, SimBehaviour.instant(), Clock.systemUTC());
    }

    /**
     * Makes {@link #status()} report the runtime and its network as ready or not, so tests can
     * drive a node's Ready condition. Other calls keep working either way.
     */
    public void setReady(boolean ready) {
        this.ready = ready;
    }

    @Override
    public RuntimeVersion version() {
        return VERSION;
    }

    @Override
    public RuntimeStatus status() {
        return ready ? READY : NOT_READY;
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
