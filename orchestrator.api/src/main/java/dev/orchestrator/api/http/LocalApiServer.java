package dev.orchestrator.api.http;

import java.io.IOException;
import java.security.cert.X509Certificate;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The API server of this process, as a service while it can be reached in memory. A client that finds it may send
 * its requests here instead of to {@code 127.0.0.1}; when it goes away (the HTTP bundle is updated, the server
 * stops) the open connections are closed and the client goes back to the network until it returns.
 */
@ProviderType
public interface LocalApiServer {

    /**
     * Opens one HTTP/1.1 connection.
     *
     * @param clientChain the client certificate the connection presents, as a TLS handshake would (the server
     *                    verifies it against its client CA as it verifies a handshake's), or null for none
     * @param onReadable  called whenever response bytes become readable or the connection closes; it runs on a
     *                    thread of the server, so it must hand the reading off and return at once
     * @throws IOException when the server no longer takes connections
     */
    LocalConnection connect(X509Certificate[] clientChain, Runnable onReadable) throws IOException;
}
