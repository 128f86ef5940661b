package dev.orchestrator.api.security;

/**
 * Names of the request attributes and the launch property of the process's security. When
 * {@link #PKI_DIR_PROPERTY} is set the API listener serves TLS only and every request is authenticated before any
 * servlet runs; an endpoint that finds no {@link #USER} attribute then must refuse (the authentication is being
 * replaced): it fails closed.
 */
public final class RequestIdentity {

    /** Framework (launch) property: the directory of the cluster's CA, serving certificate and token file. */
    public static final String PKI_DIR_PROPERTY = "orchestrator.pki.dir";
    /** Request attribute: the authenticated user's name, a {@code String}. */
    public static final String USER = "dev.orchestrator.security.user";
    /** Request attribute: the user's groups, a {@code java.util.List<String>}. */
    public static final String GROUPS = "dev.orchestrator.security.groups";
    /** The group that may do anything, as in Kubernetes. */
    public static final String MASTERS = "system:masters";

    private RequestIdentity() {
    }
}
