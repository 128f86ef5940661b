package dev.orchestrator.network.hostgw.internal;

/** An {@code ip} command that failed, with what it said (e.g. "Error: Nexthop has invalid gateway."). */
final class RouteCommandException extends Exception {

    RouteCommandException(String message) {
        super(message);
    }

    RouteCommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
