package dev.orchestrator.controllers.runtime.internal;

import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.SharedInformers;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * One leadership term: the controllers made on the process' shared informers. Its end forgets the
 * expectations of its controllers (the controllers themselves have closed their subscriptions): the
 * next term counts afresh.
 */
final class LeadershipTerm implements RunningControllers.Term {

    private final SharedInformers informers;
    private final Function<String, Controller.ControllerState> states;
    private final RuntimeSettings settings;
    private final Set<String> names = new HashSet<>();

    LeadershipTerm(SharedInformers informers, Function<String, Controller.ControllerState> states,
                   RuntimeSettings settings) {
        this.informers = informers;
        this.states = states;
        this.settings = settings;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public RunningControllers.Running controller(Reconciler<?> reconciler, Watches<?> watches) {
        names.add(watches.name());
        return new Controller((Reconciler<HasMetadata>) reconciler, (Watches<HasMetadata>) watches, informers,
                states.apply(watches.name()), settings);
    }

    @Override
    public void close() {
        names.forEach(name -> states.apply(name).expectations().clear());
    }
}
