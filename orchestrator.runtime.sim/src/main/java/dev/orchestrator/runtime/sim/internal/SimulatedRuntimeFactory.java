package dev.orchestrator.runtime.sim.internal;

import dev.orchestrator.api.runtime.ContainerRuntime;
import dev.orchestrator.api.runtime.ContainerRuntimeFactory;
import dev.orchestrator.api.runtime.RuntimeHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Hollow runtimes on demand, one per simulated node, all sharing one behaviour and the system clock
 * (PID {@code orchestrator.runtime.sim.factory}, optional). Registering it picks nothing by itself:
 * only a hollow fleet configured to use handler {@code sim} calls it.
 */
@Component(name = "orchestrator.runtime.sim.factory", service = ContainerRuntimeFactory.class)
@Designate(ocd = SimRuntimeFactoryConfig.class)
@RuntimeHandler("sim")
public final class SimulatedRuntimeFactory implements ContainerRuntimeFactory {

    private final SimBehaviour behaviour;

    @Activate
    public SimulatedRuntimeFactory(SimRuntimeFactoryConfig config) {
        behaviour = new SimBehaviour(Duration.ofMillis(config.startLatencyMillis()),
                Duration.ofMillis(config.pullLatencyMillis()), List.of(config.preloadedImages()));
    }

    @Override
    public ContainerRuntime create(String nodeName, String podCidr) {
        return new SimulatedRuntime(podCidr, behaviour, Clock.systemUTC());
    }
}
