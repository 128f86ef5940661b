/**
 * Proxying HTTP upgrades: a request that asks to switch protocols ({@code SPDY/3.1}, {@code websocket}) is
 * sent on to a backend, and once the backend agreed the client's connection and the backend's are joined
 * byte for byte. The API server reaches a kubelet's exec, attach and port-forward this way, and a kubelet
 * its runtime's streaming server; neither needs to understand the streaming protocol. Since 1.1: a refused
 * upgrade can be answered in the caller's words ({@code UpgradeTunnel.refusedAs}).
 */
@Export
@Version("1.1.0")
package dev.orchestrator.http.tunnel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
