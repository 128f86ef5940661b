package dev.orchestrator.proxy.internal;

import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import java.util.List;

/**
 * The endpoints of one service port as the EndpointSlices describe them, and the choice Kubernetes makes among
 * them: traffic goes to ready endpoints; only when there is none, to endpoints that still serve while
 * terminating (so that a rolling restart of the last pods does not refuse connections); the same choice again
 * among this node's endpoints for a {@code Local} traffic policy.
 */
record ServiceEndpointCandidates(List<Candidate> all) {

    /** One address:port with its slice conditions (absent ready/serving read as true, terminating as false). */
    record Candidate(Endpoint endpoint, boolean ready, boolean serving, boolean terminating) {
    }

    /** Where cluster-wide traffic goes. */
    List<Endpoint> cluster() {
        return choose(false);
    }

    /** Where traffic goes when the policy is {@code Local}. */
    List<Endpoint> local() {
        return choose(true);
    }

    private List<Endpoint> choose(boolean localOnly) {
        List<Endpoint> ready = all.stream()
                .filter(c -> c.ready() && (!localOnly || c.endpoint().local()))
                .map(Candidate::endpoint)
                .toList();
        if (!ready.isEmpty()) {
            return ready;
        }
        return all.stream()
                .filter(c -> c.serving() && c.terminating() && (!localOnly || c.endpoint().local()))
                .map(Candidate::endpoint)
                .toList();
    }
}
