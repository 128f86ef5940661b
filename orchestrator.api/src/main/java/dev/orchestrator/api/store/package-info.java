/**
 * The key/value store the API server keeps every object in.
 *
 * <p>Keys are paths such as {@code /registry/pods/default/web-1}; values are opaque bytes.
 * Every successful write gets the next value of one global, monotonic revision, which the
 * API server exposes as {@code metadata.resourceVersion}. The store keeps old revisions
 * until they are compacted, so lists can be served at a fixed revision and watches can
 * resume from one.
 */
@Export
@Version("1.0.0")
package dev.orchestrator.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
