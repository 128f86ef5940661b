package dev.orchestrator.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Clients with which controllers act as themselves, as kube-controller-manager's controllers do with
 * {@code --use-service-account-credentials}: as the ServiceAccount {@code kube-system/<account>}, so that each is
 * held to the role bound to that account ({@code system:controller:<account>} for the built-in ones).
 *
 * <p>Where the process has the controller manager's identity (the {@value ClientIdentity#PROPERTY}
 * {@code controllers}, from {@code orchestrator.client.identities}), that identity creates the account when it is
 * missing and requests its tokens (TokenRequest, one hour), renewing them before they expire. Elsewhere — a
 * process without identities: development, tests, benchmarks — every account gets the process' shared client.
 *
 * <p>Each bundle gets a view of its own: the clients it was given are closed when it stops using the service.
 */
@ProviderType
public interface ControllerClients {

    /** The namespace of the controllers' accounts. */
    String NAMESPACE = "kube-system";

    /**
     * The client acting as {@code system:serviceaccount:kube-system:<account>}; the same one for repeated calls
     * with one account. Makes no request: the account and its first token are fetched by the first call.
     *
     * @param account a ServiceAccount name (a DNS subdomain), e.g. {@code replicaset-controller}
     */
    KubernetesClient forAccount(String account);
}
