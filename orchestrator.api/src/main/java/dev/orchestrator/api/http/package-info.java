/**
 * This process's API server reached without a socket: the components of an all-in-one process (scheduler,
 * controllers, node agent) send their HTTP/1.1 requests through memory instead of through loopback TCP, sparing the
 * kernel, the selectors and the TLS records of both sides. The bytes, the servlets and the authentication are the
 * same as over the network.
 */
@Export
@Version("1.0.0")
package dev.orchestrator.api.http;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
