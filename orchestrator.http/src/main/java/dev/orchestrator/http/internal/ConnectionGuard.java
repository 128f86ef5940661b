package dev.orchestrator.http.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines that an idle timeout alone cannot give: a client that sends its headers or its
 * body a byte at a time resets the idle timer with every byte, and a client that stops reading
 * a response holds its connection and the server's buffered output. Swept once a second,
 * each open connection is closed when it has been sending headers longer than the header
 * deadline, a body longer than the body deadline, or has had output waiting without progress
 * longer than the write deadline.
 */
final class ConnectionGuard implements Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    enum Phase { IDLE, HEADERS, BODY }

    /** What a connection was doing when last seen, and since when. */
    private static final class Seen {
        Phase phase = Phase.IDLE;
        long since;
        long bytesOut = -1;
        long writeWaitingSince;
    }

    private final long headerNanos;
    private final long bodyNanos;
    private final long writeStallNanos;
    private final Map<Connection, Seen> open = new ConcurrentHashMap<>();

    ConnectionGuard(HttpLimits limits) {
        this.headerNanos = TimeUnit.SECONDS.toNanos(limits.headerTimeoutSeconds());
        this.bodyNanos = TimeUnit.SECONDS.toNanos(limits.bodyTimeoutSeconds());
        this.writeStallNanos = TimeUnit.SECONDS.toNanos(limits.writeStallSeconds());
    }

    @Override
    public void onOpened(Connection connection) {
        open.put(connection, new Seen());
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    /** Closes the connections past a deadline; called periodically. */
    void sweep() {
        long now = System.nanoTime();
        open.forEach((connection, seen) -> {
            String late = late(connection, seen, now);
            if (late != null) {
                LOG.info("closing the connection from {}: {}", connection.getEndPoint().getRemoteSocketAddress(), late);
                open.remove(connection);
                connection.getEndPoint().close();
            }
        });
    }

    private String late(Connection connection, Seen seen, long now) {
        if (connection instanceof HttpConnection http) {
            Phase phase = phase(http.getParser());
            if (phase != seen.phase) {
                seen.phase = phase;
                seen.since = now;
            } else if (phase == Phase.HEADERS && now - seen.since > headerNanos) {
                return "its request headers took longer than " + TimeUnit.NANOSECONDS.toSeconds(headerNanos) + " s";
            } else if (phase == Phase.BODY && now - seen.since > bodyNanos) {
                return "its request body took longer than " + TimeUnit.NANOSECONDS.toSeconds(bodyNanos) + " s";
            }
        }
        boolean waiting = connection.getEndPoint() instanceof AbstractEndPoint endPoint
                && endPoint.getWriteFlusher().isPending();
        long out = connection.getBytesOut();
        if (!waiting || out != seen.bytesOut) {
            seen.bytesOut = out;
            seen.writeWaitingSince = now;
        } else if (now - seen.writeWaitingSince > writeStallNanos) {
            return "it has not read its response for " + TimeUnit.NANOSECONDS.toSeconds(writeStallNanos) + " s";
        }
        return null;
    }

    static Phase phase(HttpParser parser) {
        if (parser.inHeaderState() && !parser.isStart()) {
            return Phase.HEADERS;
        }
        return parser.inContentState() && bodyDue(parser) ? Phase.BODY : Phase.IDLE;
    }

    /**
     * Whether body bytes are still to come. The parser stays in a content state after the
     * headers of a request with no body or an empty one ({@code Content-Length: 0}, as
     * fabric8's JDK client sends on every GET) until the application reads or the request
     * ends: a watch would otherwise count as a body being sent and be cut at the body
     * deadline. Chunked bodies leave the content states after their last chunk.
     */
    private static boolean bodyDue(HttpParser parser) {
        if (parser.isChunking()) {
            return true;
        }
        long length = parser.getContentLength();
        return length > 0 && parser.getContentRead() < length;
    }
}
