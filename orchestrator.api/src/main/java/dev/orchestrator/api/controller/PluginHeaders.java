package dev.orchestrator.api.controller;

/**
 * Manifest headers a plugin bundle may carry for the controller runtime.
 */
public final class PluginHeaders {

    /**
     * Comma-separated paths of YAML resources in the bundle, each with one or more
     * {@code apiextensions.k8s.io/v1} CustomResourceDefinitions. When the bundle starts, the controller
     * runtime creates each definition, or updates its spec when it differs, so that the resource a plugin's
     * reconciler serves exists as soon as the plugin is installed, and a plugin upgrade can bring a new version
     * of its schema. Stopping or removing the bundle leaves the definitions, and with them the users' objects,
     * in place: deleting a definition deletes every object of its kind, which only an operator should decide
     * ({@code kubectl delete crd}).
     */
    public static final String CUSTOM_RESOURCE_DEFINITIONS = "Orchestrator-CustomResourceDefinitions";

    private PluginHeaders() {
    }
}
