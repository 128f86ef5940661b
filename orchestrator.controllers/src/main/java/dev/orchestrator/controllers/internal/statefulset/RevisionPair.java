package dev.orchestrator.controllers.internal.statefulset;

/**
 * The two revisions a StatefulSet's pods are made from, by name: {@code current}, that of the pods before the
 * rollout in progress (kept by ordinals below the partition), and {@code update}, that of the set's template now.
 * They are equal when no rollout is in progress.
 */
record RevisionPair(String current, String update) {
}
