package dev.orchestrator.http.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an upgraded client connection becomes: bytes from the client are written to the backend as they
 * arrive (on Jetty's threads, when the client's connection has something to read), and a thread of its own
 * copies the backend's bytes to the client. A side that ends its output has it ended on the other side
 * (half-close, which SPDY and WebSocket sessions use to finish); when both are done, or either fails, both
 * connections are closed.
 */
final class TunnelConnection extends AbstractConnection {

    private static final Logger LOG = LoggerFactory.getLogger(TunnelConnection.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Socket backend;
    private final InputStream fromBackend;
    private final AtomicInteger openDirections = new AtomicInteger(2);

    TunnelConnection(EndPoint client, Socket backend, InputStream fromBackend) {
        super(client, Runnable::run);
        this.backend = backend;
        this.fromBackend = fromBackend;
    }

    @Override
    public void onOpen() {
        super.onOpen();
        Thread pump = new Thread(this::backendToClient, "orch-tunnel-" + THREADS.incrementAndGet());
        pump.setDaemon(true);
        pump.start();
        fillInterested();
    }

    /** The client sent something (or closed): pass it on, then wait for more. */
    @Override
    public void onFillable() {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        try {
            while (true) {
                buffer.clear().flip();
                int n = getEndPoint().fill(buffer);
                if (n > 0) {
                    backend.getOutputStream().write(buffer.array(), buffer.arrayOffset() + buffer.position(), n);
                    backend.getOutputStream().flush();
                } else if (n == 0) {
                    fillInterested();
                    return;
                } else {
                    backend.shutdownOutput(); // TLS 1.3 sockets half-close too (close_notify)
                    directionDone();
                    return;
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("tunnel client side ended error={}", e.toString());
            closeBoth();
        }
    }

    private void backendToClient() {
        byte[] buffer = new byte[16 * 1024];
        try {
            for (int n = fromBackend.read(buffer); n >= 0; n = fromBackend.read(buffer)) {
                if (n > 0) {
                    FutureCallback written = new FutureCallback();
                    getEndPoint().write(written, ByteBuffer.wrap(buffer, 0, n));
                    written.get();
                }
            }
            getEndPoint().shutdownOutput();
            directionDone();
        } catch (IOException | ExecutionException e) {
            LOG.debug("tunnel backend side ended error={}", e.toString());
            closeBoth();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeBoth();
        }
    }

    private void directionDone() {
        if (openDirections.decrementAndGet() == 0) {
            closeBoth();
        }
    }

    private void closeBoth() {
        getEndPoint().close();
        try {
            backend.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        try {
            backend.close(); // ends the pump's read
        } catch (IOException e) {
            // closing anyway
        }
    }
}
