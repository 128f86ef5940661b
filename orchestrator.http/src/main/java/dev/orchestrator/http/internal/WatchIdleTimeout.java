package dev.orchestrator.http.internal;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Watches (and followed logs) are quiet for long stretches by design, so their connection gets the longer watch
 * idle timeout; any other request on the connection (which may follow a watch) gets the
 * ordinary one back.
 */
final class WatchIdleTimeout implements HttpConfiguration.Customizer {

    private final long idleMillis;
    private final long watchIdleMillis;

    WatchIdleTimeout(long idleMillis, long watchIdleMillis) {
        this.idleMillis = idleMillis;
        this.watchIdleMillis = watchIdleMillis;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        endPoint.setIdleTimeout(isWatch(request.getHttpURI().getQuery(), request.getHttpURI().getPath())
                ? watchIdleMillis : idleMillis);
        return request;
    }

    static boolean isWatch(String query, String path) {
        if (path != null && path.contains("/watch/")) {
            return true;
        }
        if (query == null) {
            return false;
        }
        boolean log = path != null && path.endsWith("/log");
        for (String parameter : query.split("&")) {
            if (parameter.equals("watch=true") || parameter.equals("watch=1")) {
                return true;
            }
            // a followed log is quiet while its container is
            if (log && (parameter.equals("follow=true") || parameter.equals("follow=1"))) {
                return true;
            }
        }
        return false;
    }
}
