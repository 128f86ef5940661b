package dev.orchestrator.kubelet.internal.probes;

import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;

/**
 * Runs one kind of probe handler once. Blocks the calling (probe pool) thread at most about
 * {@code timeout}; never throws: what goes wrong is a failure or error result with Kubernetes'
 * wording.
 */
interface Prober {

    ProbeResult probe(Probe probe, ProbeTarget target, Duration timeout);
}
