package dev.orchestrator.api.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One in-memory HTTP/1.1 connection to {@link LocalApiServer}: request bytes in, response bytes out. The server
 * writes into a bounded buffer, so a client that stops reading holds the server's writer back as a slow socket
 * would.
 */
@ProviderType
public interface LocalConnection extends AutoCloseable {

    /** Hands request bytes to the server; the buffer is consumed. */
    void write(ByteBuffer bytes) throws IOException;

    /**
     * The response bytes written since the last call, which frees their room for the server to write more; an
     * empty buffer when there are none yet.
     *
     * @return null once the connection is closed and every byte was read
     */
    ByteBuffer read();

    /** Closes the connection; the server ends the exchange in progress on it. */
    @Override
    void close();
}
