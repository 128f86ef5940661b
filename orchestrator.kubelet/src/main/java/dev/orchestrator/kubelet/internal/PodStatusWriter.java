package dev.orchestrator.kubelet.internal;

import dev.orchestrator.client.UndecodedWrites;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a pod's status to the API when it changed: a JSON merge patch of the status subresource
 * (lists are replaced whole, so a container that stopped running loses its running state), keeping
 * the conditions other components own (PodScheduled, readiness gates).
 */
final class PodStatusWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PodStatusWriter.class);
    private static final Set<String> OWN_CONDITIONS = Set.of("PodReadyToStartContainers", "Initialized",
            "ContainersReady", "Ready");

    private final KubernetesClient client;
    private final PodStatusBuilder builder;
    private final UndecodedWrites writes;

    PodStatusWriter(KubernetesClient client, PodStatusBuilder builder) {
        this.client = client;
        this.builder = builder;
        this.writes = new UndecodedWrites(client);
    }

    /** @return whether the pod is now finished (Succeeded or Failed) */
    boolean write(Pod pod, PodRuntimeState state, PodRecord record, String runtimeName) {
        PodStatus status = builder.build(pod, state, record.waiting, record.startTime, runtimeName);
        boolean terminal = "Succeeded".equals(status.getPhase()) || "Failed".equals(status.getPhase());
        patch(pod, status, terminal, record);
        return terminal;
    }

    /**
     * Marks an evicted pod Failed with reason Evicted and the eviction's message, and, when the
     * node's pressure was the cause, the condition DisruptionTarget (reason TerminationByKubelet),
     * as Kubernetes' kubelet does. The container states are what the runtime holds after the kill.
     *
     * @return whether the status is written (false: try again)
     */
    boolean writeEvicted(Pod pod, PodRuntimeState state, PodRecord record, String runtimeName,
                         PodEvictions.Eviction eviction) {
        PodStatus status = builder.build(pod, state, record.waiting, record.startTime, runtimeName);
        status.setPhase("Failed");
        status.setReason("Evicted");
        status.setMessage(eviction.statusMessage());
        if (eviction.nodePressure()) {
            PodCondition disruption = new PodCondition();
            disruption.setType("DisruptionTarget");
            disruption.setStatus("True");
            disruption.setReason("TerminationByKubelet");
            disruption.setMessage(eviction.message());
            disruption.setLastTransitionTime(PodStatusBuilder.timestamp(java.time.Instant.now()));
            status.getConditions().add(disruption);
        }
        return patch(pod, status, true, record);
    }

    /** @return whether the status is in the API now (written, or unchanged since the last write) */
    private boolean patch(Pod pod, PodStatus status, boolean terminal, PodRecord record) {
        PodStatus current = pod.getStatus();
        if (current != null) {
            List<PodCondition> conditions = new ArrayList<>();
            Set<String> written = new HashSet<>();
            status.getConditions().forEach(c -> written.add(c.getType()));
            current.getConditions().stream().filter(c -> !OWN_CONDITIONS.contains(c.getType()) && !written.contains(c.getType()))
                    .forEach(conditions::add);
            conditions.addAll(status.getConditions());
            status.setConditions(conditions);
            if (status.getPodIP() == null && terminal) { // a finished pod keeps showing the IP it had
                status.setPodIP(current.getPodIP());
                status.setPodIPs(current.getPodIPs());
            }
            status.setNominatedNodeName(current.getNominatedNodeName());
        }
        if (status.equals(record.lastWrittenStatus)) {
            return true;
        }
        // the uid is a precondition, as in Kubernetes: a pod deleted and created again under its name
        // (a StatefulSet's) must not get the old one's status
        String uid = pod.getMetadata().getUid();
        String patch = (uid == null ? "{" : "{\"metadata\":{\"uid\":\"" + uid + "\"},") + "\"status\":"
                + client.getKubernetesSerialization().asJson(status) + "}";
        UndecodedWrites.Answer answer;
        try {
            answer = writes.patch(UndecodedWrites.core(pod.getMetadata().getNamespace(), "pods",
                    pod.getMetadata().getName()) + "/status", "application/merge-patch+json", patch).join();
        } catch (CompletionException | CancellationException e) {
            LOG.warn("pod status not written pod={} error={}", PodSync.key(pod), e.getCause() == null ? e : e.getCause());
            return false;
        }
        if (!answer.ok()) {
            LOG.warn("pod status not written pod={} code={} error={}", PodSync.key(pod), answer.code(), answer.body());
            return false;
        }
        record.lastWrittenStatus = status;
        return true;
    }

    /** The pod's containers are gone: delete the object for good (its deletion was graceful until now). */
    void confirmDeletion(Pod pod) {
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .withGracePeriod(0).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warn("pod not deleted pod={} code={} error={}", PodSync.key(pod), e.getCode(), e.getMessage());
                throw e;
            }
        }
    }
}
