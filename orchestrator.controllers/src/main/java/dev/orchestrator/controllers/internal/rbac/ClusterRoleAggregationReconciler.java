package dev.orchestrator.controllers.internal.rbac;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * ClusterRole aggregation, as Kubernetes' clusterrole-aggregation controller does it: the key is a ClusterRole
 * with an {@code aggregationRule}, whose {@code rules} are replaced by those of the ClusterRoles its selectors
 * match ({@link AggregatedRules}). A change of any ClusterRole (its rules or labels, old or new version) wakes
 * the aggregated roles that select it. The update carries the read resourceVersion: a concurrent writer makes it
 * a 409, retried with back-off from the newer object.
 */
@Component(name = "orchestrator.controllers.clusterroleaggregation", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = ClusterRoleAggregationConfig.class)
public final class ClusterRoleAggregationReconciler implements Reconciler<ClusterRole> {

    private final KubernetesClient client;

    @Activate
    public ClusterRoleAggregationReconciler(@Reference ControllerClients clients) {
        this.client = clients.forAccount("clusterrole-aggregation-controller");
    }

    @Override
    public Watches<ClusterRole> watches() {
        return Watches.of("clusterrole-aggregation", ClusterRole.class).watches(ClusterRole.class, (changed, caches) -> {
            Set<Request> keys = new HashSet<>();
            for (ClusterRole role : caches.lister(ClusterRole.class).list("")) {
                if (AggregatedRules.selects(role, changed)) {
                    keys.add(new Request("", role.getMetadata().getName()));
                }
            }
            return keys;
        });
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<ClusterRole> current = context.lister(ClusterRole.class).get("", request.name());
        if (current.isEmpty() || !AggregatedRules.aggregates(current.get())) {
            return Result.done();
        }
        ClusterRole role = current.get();
        List<PolicyRule> rules = AggregatedRules.of(role, context.lister(ClusterRole.class).list(""));
        List<PolicyRule> have = role.getRules() == null ? List.of() : role.getRules();
        if (rules.equals(have)) {
            return Result.done();
        }
        ClusterRole updated = new ClusterRoleBuilder(role).withRules(rules).build();
        try {
            client.rbac().clusterRoles().resource(updated).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Result.done(); // deleted meanwhile
            }
            throw e; // 409: the cache is behind; retried from the newer object
        }
        return Result.done();
    }
}
