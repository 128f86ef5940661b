package dev.orchestrator.kubelet.internal.probes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;

/** The three probes a container may have, named as Kubernetes names them in events. */
public enum ProbeKind {
    LIVENESS("Liveness"),
    READINESS("Readiness"),
    STARTUP("Startup");

    private final String title;

    ProbeKind(String title) {
        this.title = title;
    }

    /** "Liveness", "Readiness", "Startup": how events begin ("Liveness probe failed: …"). */
    public String title() {
        return title;
    }

    /** The probe of this kind in the container's spec, or null. */
    public Probe of(Container c) {
        return switch (this) {
            case LIVENESS -> c.getLivenessProbe();
            case READINESS -> c.getReadinessProbe();
            case STARTUP -> c.getStartupProbe();
        };
    }

    /** What a probe of this kind reports before its first run (Kubernetes' initial values). */
    boolean initiallyPassing() {
        return this == LIVENESS;
    }
}
