/**
 * How a request's authenticated identity reaches every servlet of the process: the API server's authentication
 * runs before them all and leaves the user in request attributes named here, so an endpoint of another bundle
 * (bundle administration, backup) can authorize without knowing how the user was authenticated.
 */
@Export
@Version("1.0.0")
package dev.orchestrator.api.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
