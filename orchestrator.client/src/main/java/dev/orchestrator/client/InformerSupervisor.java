package dev.orchestrator.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Starts fabric8 informers so that they never stop for good. A service registered beside the
 * {@code KubernetesClient} service, for informers made from that client.
 *
 * <p>fabric8's default gives up when the first list fails and when a watch closes with an error
 * (for example an event it cannot decode): the informer logs "will stop" and delivers nothing
 * again. A supervised informer instead logs why, counts a restart of its kind
 * ({@code orchestrator_informer_restarts_total}) and lists and watches again after a back-off
 * (1 s doubling to 32 s, reset once a list and watch succeed). Objects that cannot be decoded do
 * not restart it at all: the client skips them (see docs/informers.md).
 */
@ProviderType
public interface InformerSupervisor {

    /**
     * Makes the informer retry every failure, then starts it. Add the event handlers before
     * (events of the first list go to the handlers present when it completes).
     *
     * @param informer a not yet started informer, e.g. from {@code client.pods().runnableInformer(0)}
     * @return completes once the first list and watch succeeded (however many attempts that took);
     *     completes exceptionally only when the informer is stopped before that
     */
    <T extends HasMetadata> CompletableFuture<Void> start(SharedIndexInformer<T> informer);
}
