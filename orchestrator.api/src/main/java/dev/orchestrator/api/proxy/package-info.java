/**
 * The service proxy: the part of a node that makes Service virtual IPs and node ports lead to
 * pods. It is split in two so that the data plane can be swapped while traffic flows:
 * <ul>
 *   <li>the proxy core (one per node) watches Services and EndpointSlices, decides which
 *       endpoints may receive which traffic, and hands the whole result to every
 *       {@link dev.orchestrator.api.proxy.ServiceProxy} it finds;</li>
 *   <li>a {@link dev.orchestrator.api.proxy.ServiceProxy} (iptables, nftables, ...) turns that
 *       desired state into rules, computing itself what changed since its last sync.</li>
 * </ul>
 *
 * <p>Rules are node state, like containers: they outlive the bundle instance that wrote them.
 * An updated proxy bundle adopts its predecessor's rules (its first sync rewrites them
 * atomically); a proxy bundle stopped for good removes its own rules. While two proxies are
 * active both are kept in sync, which is how one is swapped for another without a gap.
 */
@Export
@Version("1.0.0")
package dev.orchestrator.api.proxy;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
