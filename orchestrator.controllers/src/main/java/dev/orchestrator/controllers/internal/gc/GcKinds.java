package dev.orchestrator.controllers.internal.gc;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Optional;

/**
 * The kinds the garbage collector follows: every kind the API server serves that can own or be
 * owned, except events (many, short-lived, never owners) and runtime classes. An owner of any other
 * kind (a custom resource) is read through discovery when its dependent is checked ({@link OwnerStates}).
 */
final class GcKinds {

    static final List<GcKind<?>> ALL = List.of(
            GcKind.of(Pod.class, "pods"),
            GcKind.of(ReplicaSet.class, "replicasets"),
            GcKind.of(Deployment.class, "deployments"),
            GcKind.of(StatefulSet.class, "statefulsets"),
            GcKind.of(DaemonSet.class, "daemonsets"),
            GcKind.of(ControllerRevision.class, "controllerrevisions"),
            GcKind.of(Job.class, "jobs"),
            GcKind.of(CronJob.class, "cronjobs"),
            GcKind.of(ConfigMap.class, "configmaps"),
            GcKind.of(Secret.class, "secrets"),
            GcKind.of(Service.class, "services"),
            GcKind.of(Endpoints.class, "endpoints"),
            GcKind.of(EndpointSlice.class, "endpointslices"),
            GcKind.of(ServiceAccount.class, "serviceaccounts"),
            GcKind.of(ResourceQuota.class, "resourcequotas"),
            GcKind.of(Lease.class, "leases"),
            GcKind.of(Namespace.class, "namespaces"),
            GcKind.of(Node.class, "nodes"));

    private GcKinds() {
    }

    /** The followed kind an owner reference names, if any. */
    static Optional<GcKind<?>> of(OwnerReference ref) {
        return ALL.stream().filter(k -> k.named(ref)).findFirst();
    }
}
