package dev.orchestrator.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds bundles by symbolic name and updates one: {@code Bundle.update(InputStream)}, then a refresh of it and
 * its dependents so that no one keeps using the old revision, waited for (bounded). One update at a time.
 */
final class BundleUpdater {

    private static final Logger LOG = LoggerFactory.getLogger(BundleUpdater.class);
    static final String API_BUNDLE = "orchestrator.api";
    static final String ADMIN_BUNDLE = "orchestrator.admin";
    private static final String HTTP_RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
    /** Lets the HTTP server finish sending the answer before the bundles serving it stop. */
    private static final Duration ASYNC_DELAY = Duration.ofMillis(500);

    /** The outcome of a completed update. */
    record Result(Bundle bundle, String previousVersion, long millis) {
    }

    private final BundleContext context;
    private final FrameworkWiring wiring;
    private final Duration refreshTimeout;
    /** A semaphore, not a lock: an asynchronous update releases it on another thread than the request's. */
    private final Semaphore oneAtATime = new Semaphore(1);

    BundleUpdater(BundleContext context, Duration refreshTimeout) {
        this.context = context;
        this.wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        this.refreshTimeout = refreshTimeout;
    }

    List<Bundle> all() {
        return Arrays.asList(context.getBundles());
    }

    /** The bundle named so (the highest version if several are installed); 404 if none. */
    Bundle find(String symbolicName) {
        return named(symbolicName).stream().max(Comparator.comparing(Bundle::getVersion))
                .orElseThrow(() -> AdminException.notFound("bundle \"" + symbolicName + "\" not found"));
    }

    /**
     * The one bundle an update of {@code symbolicName} replaces, after the refusals: unknown (404), the framework
     * (403), several versions installed (409), the API bundle without {@code force} (409).
     */
    Bundle target(String symbolicName, boolean force) {
        List<Bundle> named = named(symbolicName);
        Bundle bundle = find(symbolicName);
        if (bundle.getBundleId() == 0) {
            throw AdminException.forbidden("bundle 0 is the OSGi framework itself; it cannot be updated while it "
                    + "runs: upgrade it by restarting the process with the new framework jar");
        }
        if (named.size() > 1) {
            throw AdminException.conflict("several bundles are named \"" + symbolicName + "\" (ids "
                    + named.stream().map(b -> b.getBundleId() + "@" + b.getVersion()).toList()
                    + "); update one of them from inside the framework");
        }
        if (symbolicName.equals(API_BUNDLE) && !force) {
            throw AdminException.conflict("\"" + API_BUNDLE + "\" holds the SPI packages every component imports: "
                    + "updating it refreshes and restarts every component of the process. Repeat with ?force=true "
                    + "(./orch upgrade --force) "
                    + "if that is what you want");
        }
        return bundle;
    }

    /**
     * Whether refreshing {@code bundle} restarts this endpoint or the HTTP server answering the request (it is, or
     * they depend on it): then the answer could not be sent after the update, which must run asynchronously.
     */
    boolean refreshesThisEndpoint(Bundle bundle) {
        Collection<Bundle> closure = wiring.getDependencyClosure(List.of(bundle));
        return closure.contains(context.getBundle()) || httpRuntimeBundle().map(closure::contains).orElse(false);
    }

    /**
     * Updates and refreshes now, on the calling thread.
     *
     * @throws AdminException 409 while another update runs, 400 when the framework rejects the jar, 504 when the
     *                        refresh does not complete in time
     */
    Result update(Bundle bundle, UploadedJar jar) throws IOException, InterruptedException {
        if (!oneAtATime.tryAcquire()) {
            throw AdminException.conflict("another bundle update is in progress; retry when it has completed");
        }
        try {
            return updateAndRefresh(bundle, jar);
        } finally {
            oneAtATime.release();
        }
    }

    /**
     * Updates after a short delay on a thread of its own, for bundles whose refresh stops this endpoint. The thread
     * is not stopped by {@code @Deactivate}: it is what deactivates this component, and it ends by itself.
     */
    void updateLater(Bundle bundle, UploadedJar jar) {
        if (!oneAtATime.tryAcquire()) {
            throw AdminException.conflict("another bundle update is in progress; retry when it has completed");
        }
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(ASYNC_DELAY.toMillis());
                updateAndRefresh(bundle, jar);
            } catch (IOException | RuntimeException e) {
                LOG.error("bundle update failed bsn={} error={}", bundle.getSymbolicName(), e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(jar);
                oneAtATime.release();
            }
        }, "orch-admin-update-" + bundle.getSymbolicName());
        thread.setDaemon(true);
        thread.start();
    }

    private Result updateAndRefresh(Bundle bundle, UploadedJar jar) throws IOException, InterruptedException {
        String from = bundle.getVersion().toString();
        // Made before the update: when this bundle itself is updated, its old class loader may be closed after.
        CountDownLatch refreshed = new CountDownLatch(1);
        FrameworkListener listener = event -> refreshed.countDown();
        long t0 = System.nanoTime();
        try (InputStream in = jar.newInputStream()) {
            bundle.update(in);
        } catch (BundleException e) {
            throw AdminException.badRequest("the framework rejected the jar for \"" + bundle.getSymbolicName()
                    + "\": " + messages(e) + " (the bundle is now " + AdminJson.state(bundle.getState()) + ")");
        } catch (IllegalStateException e) {
            throw AdminException.conflict("bundle \"" + bundle.getSymbolicName() + "\" was uninstalled meanwhile");
        }
        wiring.refreshBundles(List.of(bundle), listener);
        if (!refreshed.await(refreshTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AdminException(504, "Timeout", "bundle \"" + bundle.getSymbolicName() + "\" was updated to "
                    + bundle.getVersion() + " but its refresh did not complete within " + refreshTimeout.toSeconds()
                    + " s; it is " + AdminJson.state(bundle.getState()) + " now");
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        LOG.info("bundle updated bsn={} from={} to={} millis={} state={}", bundle.getSymbolicName(), from,
                bundle.getVersion(), millis, AdminJson.state(bundle.getState()));
        return new Result(bundle, from, millis);
    }

    /** The exception's message and its causes' ("Update of bundle x failed." alone does not say why). */
    private static String messages(Throwable e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
        }
        return text.toString();
    }

    private List<Bundle> named(String symbolicName) {
        return all().stream().filter(b -> symbolicName.equals(b.getSymbolicName())).toList();
    }

    private Optional<Bundle> httpRuntimeBundle() {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(HTTP_RUNTIME, null);
            return refs == null || refs.length == 0 ? Optional.empty() : Optional.ofNullable(refs[0].getBundle());
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter given
        }
    }

    private static void closeQuietly(UploadedJar jar) {
        try {
            jar.close();
        } catch (IOException e) {
            LOG.warn("could not delete an uploaded jar error={}", e.getMessage());
        }
    }
}
