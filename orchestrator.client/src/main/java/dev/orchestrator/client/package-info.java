/**
 * What this process' components need beside fabric8's own client API, provided by the bundle that
 * provides the {@code KubernetesClient} service: informers that never stop for good, and the
 * lenient decoding that the process' client uses (for clients of one's own too).
 */
@Export
@Version("1.6.0")
package dev.orchestrator.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
