package dev.orchestrator.streaming.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the streaming server (PID {@value #PID}); every attribute has a working default. */
@ObjectClassDefinition(name = "Orchestrator streaming server",
        description = "Serves exec, attach and port-forward sessions for container runtimes without a streaming "
                + "server of their own (Docker), on loopback; the kubelet tunnels clients to it.")
public @interface StreamingServerConfig {

    /** The configuration PID, also the component name. */
    String PID = "orchestrator.streaming";

    @AttributeDefinition(description = "Address to listen on. Keep it on loopback: the kubelet of the same "
            + "process is the only client, and the session URLs carry no other protection than their token.")
    String address() default "127.0.0.1";

    @AttributeDefinition(description = "Port to listen on; 0 picks a free one.")
    int port() default 0;

    @AttributeDefinition(description = "Seconds a registered session waits to be opened before it is dropped "
            + "(CRI's streaming servers use one minute).")
    int sessionTtlSeconds() default 60;

    @AttributeDefinition(description = "Most sessions registered and not opened yet; beyond it registration fails.")
    int maxPendingSessions() default 1000;

    @AttributeDefinition(description = "Seconds a client has, once upgraded, to open all the streams of its "
            + "session (Kubernetes: 30).")
    int streamCreationTimeoutSeconds() default 30;

    @AttributeDefinition(description = "Minutes an upgraded connection may stay silent both ways before it is "
            + "closed (Kubernetes' streaming connections: four hours).")
    int idleTimeoutMinutes() default 240;

    @AttributeDefinition(description = "Most threads that run session handlers at once (one per exec or attach, "
            + "one per forwarded connection, one per terminal's resizes); a session beyond it fails.")
    int handlerThreads() default 256;
}
