package dev.orchestrator.controllers.internal.serviceaccount;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.NamespaceContent;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A ServiceAccount named {@code default} in every namespace, as Kubernetes' ServiceAccounts controller keeps:
 * made when the namespace appears and made again when someone deletes it. A namespace being deleted gets none
 * (its content is going). The key is the namespace; a change to any {@code default} ServiceAccount wakes its
 * namespace's key.
 */
@Component(name = "orchestrator.controllers.serviceaccount", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = DefaultServiceAccountConfig.class)
public final class DefaultServiceAccountReconciler implements Reconciler<Namespace> {

    static final String DEFAULT = "default";

    private final KubernetesClient client;

    @Activate
    public DefaultServiceAccountReconciler(@Reference ControllerClients clients) {
        this.client = clients.forAccount("service-account-controller");
    }

    @Override
    public Watches<Namespace> watches() {
        return Watches.of("serviceaccount", Namespace.class).watches(ServiceAccount.class, (sa, caches) ->
                DEFAULT.equals(sa.getMetadata().getName())
                        ? Set.of(new Request("", sa.getMetadata().getNamespace())) : Set.of());
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<Namespace> namespace = context.lister(Namespace.class).get("", request.name());
        if (namespace.isEmpty() || NamespaceContent.terminating(namespace.get())
                || context.lister(ServiceAccount.class).get(request.name(), DEFAULT).isPresent()) {
            return Result.done();
        }
        NamespaceContent.write(() -> client.serviceAccounts().inNamespace(request.name()).resource(new ServiceAccountBuilder()
                .withNewMetadata().withName(DEFAULT).withNamespace(request.name()).endMetadata().build()).create());
        return Result.done();
    }

}
