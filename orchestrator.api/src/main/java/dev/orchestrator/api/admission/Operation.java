package dev.orchestrator.api.admission;

/** The kind of write an {@link AdmissionRequest} asks for, as Kubernetes names it. */
public enum Operation {
    CREATE, UPDATE, DELETE, CONNECT
}
