/**
 * The server's side of a WebSocket on which the server speaks and the client listens: a watch over WebSocket,
 * which clients such as fabric8 try before an HTTP stream. The handshake is answered on the servlet's request;
 * the frames are written to the connection Jetty hands over after the {@code 101}.
 */
@Export
@Version("1.0.0")
package dev.orchestrator.http.websocket;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
