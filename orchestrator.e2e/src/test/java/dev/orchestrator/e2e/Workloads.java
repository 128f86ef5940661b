package dev.orchestrator.e2e;

/**
 * Manifests of the workloads the controller tests create: pods of busybox that sleep, labelled
 * {@code app: <name>}, with a one-second grace period so that deletions are quick.
 */
final class Workloads {

    private Workloads() {
    }

    static String replicaSet(String name, int replicas) {
        return workload("ReplicaSet", name, replicas, "");
    }

    /** A Deployment with the given {@code strategy} (flow-style YAML, e.g. {@code {type: Recreate}}). */
    static String deployment(String name, int replicas, String strategy) {
        return workload("Deployment", name, replicas, "  strategy: " + strategy + "\n");
    }

    private static String workload(String kind, String name, int replicas, String extraSpec) {
        return """
                apiVersion: apps/v1
                kind: %3$s
                metadata:
                  name: %1$s
                spec:
                  replicas: %2$d
                  selector:
                    matchLabels: {app: %1$s}
                %4$s  template:
                    metadata:
                      labels: {app: %1$s}
                    spec:
                      terminationGracePeriodSeconds: 1
                      containers:
                      - name: main
                        image: busybox:1
                        command: [sleep, "3600"]
                """.formatted(name, replicas, kind, extraSpec);
    }
}
