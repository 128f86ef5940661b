package dev.orchestrator.scheduler.plugins.internal;

import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.FilterPlugin;
import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.Plugin;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.PreBindPlugin;
import dev.orchestrator.api.scheduler.PreFilterPlugin;
import dev.orchestrator.api.scheduler.SchedulerPlugin;
import dev.orchestrator.api.scheduler.StateKey;
import dev.orchestrator.api.scheduler.Status;
import dev.orchestrator.client.ClientIdentity;
import dev.orchestrator.client.SharedInformers;
import dev.orchestrator.support.selector.Selectors;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.propertytypes.ServiceRanking;

/**
 * The pod's PersistentVolumeClaims, as Kubernetes' VolumeBinding plugin weighs them. PreFilter: every claim must exist
 * and not be being deleted; a bound claim's volume restricts the pod to the nodes its node affinity admits; an unbound
 * claim of a class that waits for its first consumer goes along (its volume will be made where the pod goes), unless
 * a node was chosen for it already; any other unbound claim keeps the pod pending. Filter: the node must satisfy all
 * of that. PreBind: the node chosen is written on the waiting claims ({@code volume.kubernetes.io/selected-node}),
 * for the provisioner; the pod is bound at once, and its kubelet waits for the claims to be bound before starting it.
 */
// ranked to run in Kubernetes' filter order: after the node's own checks and resources, before topology spread
@Component(service = Plugin.class)
@ServiceRanking(25)
@SchedulerPlugin(name = "VolumeBinding")
public final class VolumeBinding implements PreFilterPlugin, FilterPlugin, PreBindPlugin {

    static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    static final String CONFLICT = "node(s) had volume node affinity conflict";
    private static final StateKey<Claims> KEY = new StateKey<>("VolumeBinding", Claims.class);

    /**
     * What one pod's claims ask of a node.
     *
     * @param affinities the node selector terms (any term of each list) of the bound volumes
     * @param nodes the nodes already chosen for unbound claims
     * @param waiting the unbound claims that wait for this pod's node
     */
    record Claims(List<List<NodeSelectorTerm>> affinities, List<String> nodes, List<PersistentVolumeClaim> waiting) {
    }

    /** The claims, volumes and classes the plugin reads: the scheduler's informer caches. */
    interface StorageObjects extends AutoCloseable {
        PersistentVolumeClaim claim(String namespace, String name);

        PersistentVolume volume(String name);

        StorageClass storageClass(String name);

        @Override
        void close();
    }

    private final KubernetesClient client;
    private final StorageObjects objects;

    @Activate
    public VolumeBinding(@Reference(target = ClientIdentity.SCHEDULER) SharedInformers informers,
                         @Reference(target = ClientIdentity.SCHEDULER) KubernetesClient client) {
        this(cachedIn(informers), client);
    }

    VolumeBinding(StorageObjects objects, KubernetesClient client) {
        this.objects = objects;
        this.client = client;
    }

    private static StorageObjects cachedIn(SharedInformers informers) {
        SharedInformers.Subscription<PersistentVolumeClaim> claims = informers.subscribe(PersistentVolumeClaim.class);
        SharedInformers.Subscription<PersistentVolume> volumes = informers.subscribe(PersistentVolume.class);
        SharedInformers.Subscription<StorageClass> classes = informers.subscribe(StorageClass.class);
        return new StorageObjects() {
            @Override
            public PersistentVolumeClaim claim(String namespace, String name) {
                return claims.cache().getByKey(namespace + "/" + name);
            }

            @Override
            public PersistentVolume volume(String name) {
                return volumes.cache().getByKey(name);
            }

            @Override
            public StorageClass storageClass(String name) {
                return classes.cache().getByKey(name);
            }

            @Override
            public void close() {
                claims.close();
                volumes.close();
                classes.close();
            }
        };
    }

    @Deactivate
    void deactivate() {
        objects.close();
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod) {
        List<Volume> used = pod.pod().getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                .toList();
        if (used.isEmpty()) {
            return Status.skip();
        }
        Claims found = new Claims(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Volume v : used) {
            String name = v.getPersistentVolumeClaim().getClaimName();
            PersistentVolumeClaim claim = objects.claim(pod.namespace(), name);
            if (claim == null) {
                return Status.unresolvable("persistentvolumeclaim \"" + name + "\" not found");
            }
            if (claim.getMetadata().getDeletionTimestamp() != null) {
                return Status.unresolvable("persistentvolumeclaim \"" + name + "\" is being deleted");
            }
            String volumeName = claim.getSpec().getVolumeName();
            if (volumeName != null && !volumeName.isEmpty()) {
                PersistentVolume pv = objects.volume(volumeName);
                if (pv == null) {
                    return Status.unresolvable("pvc(s) bound to non-existent pv(s)");
                }
                var affinity = pv.getSpec().getNodeAffinity();
                if (affinity != null && affinity.getRequired() != null) {
                    found.affinities().add(affinity.getRequired().getNodeSelectorTerms());
                }
                continue;
            }
            Map<String, String> annotations = claim.getMetadata().getAnnotations();
            String chosen = annotations == null ? null : annotations.get(SELECTED_NODE);
            StorageClass sc = claim.getSpec().getStorageClassName() == null ? null
                    : objects.storageClass(claim.getSpec().getStorageClassName());
            if (sc == null || !"WaitForFirstConsumer".equals(sc.getVolumeBindingMode())) {
                return Status.unresolvable("pod has unbound immediate PersistentVolumeClaims");
            }
            if (chosen != null && !chosen.isEmpty()) {
                found.nodes().add(chosen);
            } else {
                found.waiting().add(claim);
            }
        }
        state.write(KEY, found);
        return Status.success();
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        Claims found = state.read(KEY).orElse(null);
        if (found == null) {
            return Status.success();
        }
        for (String chosen : found.nodes()) {
            if (!chosen.equals(node.name())) {
                return Status.unresolvable(CONFLICT);
            }
        }
        for (List<NodeSelectorTerm> terms : found.affinities()) {
            if (!Selectors.matchesAnyTerm(terms, node.labels(), node.name())) {
                return Status.unresolvable(CONFLICT);
            }
        }
        return Status.success();
    }

    @Override
    public Status preBind(CycleState state, PodInfo pod, String nodeName) {
        Claims found = state.read(KEY).orElse(null);
        if (found == null) {
            return Status.success();
        }
        for (PersistentVolumeClaim claim : found.waiting()) {
            try {
                client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace())
                        .withName(claim.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"annotations\":{\"" + SELECTED_NODE + "\":\"" + nodeName + "\"}}}");
            } catch (RuntimeException e) {
                return Status.error("cannot choose node " + nodeName + " for persistentvolumeclaim \""
                        + claim.getMetadata().getName() + "\": " + e.getMessage());
            }
        }
        return Status.success();
    }

}
