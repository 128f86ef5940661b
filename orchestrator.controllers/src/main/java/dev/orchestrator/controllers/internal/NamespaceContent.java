package dev.orchestrator.controllers.internal;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** For the reconcilers that keep an object in every namespace (the default ServiceAccount, the root CA). */
public final class NamespaceContent {

    private NamespaceContent() {
    }

    /** A namespace being deleted takes no new content. */
    public static boolean terminating(Namespace ns) {
        return ns.getMetadata().getDeletionTimestamp() != null
                || (ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase()));
    }

    /**
     * Runs a write of per-namespace content made from the cache. A 409 (the cache is behind: the next event
     * retries) and 403 or 404 (the namespace is going or gone) end the work; other refusals are thrown.
     */
    public static void write(Runnable write) {
        try {
            write.run();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409 && e.getCode() != 403 && e.getCode() != 404) {
                throw e;
            }
        }
    }
}
