package dev.orchestrator.apiserver.internal.auth;

/** The uid of a stored object (ServiceAccount, Pod, Secret), or null when there is none: how a bound token is revoked. */
@FunctionalInterface
public interface ObjectUids {

    String uid(String kind, String namespace, String name);
}
