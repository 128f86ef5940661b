package dev.orchestrator.api.runtime;

/**
 * What a runtime says of itself, as shown in a Node's {@code status.nodeInfo.containerRuntimeVersion}
 * ({@code runtimeName://runtimeVersion}).
 */
public record RuntimeVersion(String runtimeName, String runtimeVersion, String apiVersion) {
}
