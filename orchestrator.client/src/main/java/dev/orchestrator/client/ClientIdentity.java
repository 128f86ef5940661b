package dev.orchestrator.client;

import java.util.List;

/**
 * Which client a component gets. Besides the process' shared client, the client bundle registers one client (with
 * its {@link SharedInformers} and {@link InformerSupervisor}) per component identity named in the launch property
 * {@code orchestrator.client.identities} ({@code scheduler=FILE,proxy=FILE,node=FILE,controllers=FILE}: kubeconfigs, one user each),
 * with the service property {@value #PROPERTY} naming it. The shared client carries that property too, listing
 * {@value #SHARED_NAME} and every identity of {@link #NAMES} that has no client of its own, and ranks above the
 * identities' clients. So a component that references its identity's target gets its own client when the process
 * has one, else the shared client — a process without identities (development, a test, a benchmark) runs as
 * before, a secured all-in-one runs each component as the user its role is bound to, as separate processes would —
 * and a reference without a target keeps getting the shared client.
 */
public final class ClientIdentity {

    /** The service property naming the identities a client stands for. */
    public static final String PROPERTY = "orchestrator.client.identity";

    /** What the shared client is called among the identities. */
    public static final String SHARED_NAME = "shared";

    /** The identities this project's components ask for. */
    public static final List<String> NAMES = List.of("scheduler", "proxy", "node", "controllers");

    /** The scheduler: user {@code system:kube-scheduler}. */
    public static final String SCHEDULER = "(" + PROPERTY + "=scheduler)";

    /** The service proxy: user {@code system:kube-proxy}. */
    public static final String PROXY = "(" + PROPERTY + "=proxy)";

    /** The kubelet and what runs beside it on a node (DNS, host routes): user {@code system:node:<name>}. */
    public static final String NODE = "(" + PROPERTY + "=node)";

    /**
     * The controller manager (the controller runtime's informers, Lease and events): user
     * {@code system:kube-controller-manager}. The controllers themselves act as their own accounts through
     * {@link ControllerClients}, which this identity's client feeds with tokens.
     */
    public static final String CONTROLLERS = "(" + PROPERTY + "=controllers)";

    private ClientIdentity() {
    }
}
