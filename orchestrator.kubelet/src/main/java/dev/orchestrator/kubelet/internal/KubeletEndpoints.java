package dev.orchestrator.kubelet.internal;

/**
 * Where kubelets serve their HTTP endpoint (logs today; exec, attach and port-forward later). One
 * server per process serves every kubelet of the process: a kubelet registers its node address
 * and how to find its containers' logs, and learns the port to publish in its Node's
 * {@code status.daemonEndpoints.kubeletEndpoint} (0: not served).
 */
interface KubeletEndpoints {

    /** Nothing served (hollow nodes: their addresses are not this machine's). */
    KubeletEndpoints NONE = (nodeIp, api) -> Registration.NONE;

    /** Serves {@code api} on {@code nodeIp} when that is an address of this machine. */
    Registration register(String nodeIp, NodeApi api);

    /** A kubelet's place on the server, given back when the kubelet closes. */
    interface Registration extends AutoCloseable {

        Registration NONE = new Registration() {
            @Override
            public int port() {
                return 0;
            }

            @Override
            public void close() {
            }
        };

        /** The port the kubelet is served on, 0 when it is not. */
        int port();

        @Override
        void close();
    }
}
