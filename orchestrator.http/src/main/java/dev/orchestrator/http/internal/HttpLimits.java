package dev.orchestrator.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Orchestrator HTTP limits",
        description = "Bounds on the connections of the API's HTTP listener, so that slow or idle clients cannot "
                + "hold the server's connections, threads and memory. The address and port are the framework "
                + "properties org.apache.felix.http.host and org.osgi.service.http.port.")
public @interface HttpLimits {

    String PID = "orchestrator.http";

    @AttributeDefinition(description = "Seconds a connection may stay without traffic (idle keep-alive, or a "
            + "request that neither sends nor receives) before it is closed.")
    int idleTimeoutSeconds() default 120;

    @AttributeDefinition(description = "Seconds a watch may stay without traffic before it is closed; clients "
            + "re-watch from their last resourceVersion.")
    int watchIdleTimeoutSeconds() default 1800;

    @AttributeDefinition(description = "Seconds a client has to send a request's headers once it started; a "
            + "client sending them slowly is disconnected.")
    int headerTimeoutSeconds() default 10;

    @AttributeDefinition(description = "Seconds a client has to send a request's body once its headers arrived.")
    int bodyTimeoutSeconds() default 60;

    @AttributeDefinition(description = "Seconds a response may wait for a client that does not read it (a watcher "
            + "that stopped reading) before the connection is closed.")
    int writeStallSeconds() default 60;

    @AttributeDefinition(description = "Open connections at most; beyond it new connections wait to be accepted.")
    int maxConnections() default 8192;

    @AttributeDefinition(description = "Largest request line plus headers, in bytes (431 beyond).")
    int maxRequestHeaderBytes() default 65536;
}
