package dev.orchestrator.admin.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugin bundles: installed while the process runs, kept as {@code <symbolicName>.jar} in the plugins directory
 * (in the data directory, so they come back after a restart) and removable again. The product's own bundles are
 * not plugins and cannot be removed. A plugin's bundle location is {@value #LOCATION_PREFIX}{@code <symbolicName>}.
 */
final class Plugins {

    private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);
    static final String LOCATION_PREFIX = "orchestrator-plugin:";

    private final BundleContext context;
    private final Path directory;
    private final Duration refreshTimeout;

    Plugins(BundleContext context, Path directory, Duration refreshTimeout) {
        this.context = context;
        this.directory = directory;
        this.refreshTimeout = refreshTimeout;
    }

    static boolean isPlugin(Bundle bundle) {
        return bundle.getLocation().startsWith(LOCATION_PREFIX);
    }

    /** Installs and starts every plugin of the directory that is not installed yet (at start). */
    void installSaved() {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(directory, "*.jar")) {
            for (Path jar : jars) {
                String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
                if (context.getBundle(LOCATION_PREFIX + name) != null) {
                    continue;
                }
                try (InputStream in = Files.newInputStream(jar)) {
                    Bundle bundle = context.installBundle(LOCATION_PREFIX + name, in);
                    bundle.start();
                    LOG.info("plugin started bsn={} version={} from={}", name, bundle.getVersion(), jar);
                } catch (BundleException | IOException | RuntimeException e) {
                    LOG.error("plugin could not be started bsn={} from={} error={}", name, jar, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.error("plugins directory not readable dir={} error={}", directory, e.getMessage());
        }
    }

    /**
     * Installs and starts a new plugin; a jar the framework rejects, or whose bundle cannot resolve or start, is
     * uninstalled again and refused (422) with the framework's reason.
     */
    Bundle install(UploadedJar jar) throws IOException {
        String name = jar.symbolicName();
        for (Bundle b : context.getBundles()) {
            if (name.equals(b.getSymbolicName())) {
                throw AdminException.conflict("bundle \"" + name + "\" " + b.getVersion() + " is installed already"
                        + (isPlugin(b) ? "; update it with PUT /orchestrator/v1/bundles/" + name
                        + " (./orch plugin install updates an installed plugin)" : " and is part of the orchestrator"));
            }
        }
        Bundle bundle;
        try (InputStream in = jar.newInputStream()) {
            bundle = context.installBundle(LOCATION_PREFIX + name, in);
        } catch (BundleException e) {
            throw new AdminException(422, "Invalid", "the framework rejected the jar: " + e.getMessage());
        }
        try {
            bundle.start();
        } catch (BundleException | RuntimeException e) {
            uninstallQuietly(bundle);
            throw new AdminException(422, "Invalid", "plugin \"" + name + "\" " + jar.version()
                    + " could not start, so it was not installed: " + e.getMessage());
        }
        save(jar);
        LOG.info("plugin installed bsn={} version={}", name, bundle.getVersion());
        return bundle;
    }

    /** Adds a plugin's components and their states ({@code components}, and {@code summary} in one line). */
    com.fasterxml.jackson.databind.node.ObjectNode describe(com.fasterxml.jackson.databind.node.ObjectNode item,
                                                           Bundle bundle) {
        if (isPlugin(bundle)) {
            var components = PluginComponents.of(context, bundle);
            item.set("components", components);
            item.put("summary", PluginComponents.summary(components));
        }
        return item;
    }

    /** After a plugin was updated: the new jar is the one a restart installs. */
    void saveIfPlugin(Bundle bundle, UploadedJar jar) throws IOException {
        if (isPlugin(bundle)) {
            save(jar);
        }
    }

    /** Stops and uninstalls a plugin, refreshes the framework's wiring without it, and forgets its jar. */
    void remove(Bundle bundle) throws IOException, InterruptedException {
        if (!isPlugin(bundle)) {
            throw AdminException.forbidden("bundle \"" + bundle.getSymbolicName() + "\" is part of the orchestrator, "
                    + "not a plugin; only plugins (installed with POST /orchestrator/v1/bundles) can be removed");
        }
        String name = bundle.getSymbolicName();
        try {
            bundle.uninstall();
        } catch (BundleException e) {
            throw new AdminException(500, "InternalError", "plugin \"" + name + "\" could not be uninstalled: "
                    + e.getMessage());
        }
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), e -> refreshed.countDown());
        Files.deleteIfExists(directory.resolve(name + ".jar"));
        if (!refreshed.await(refreshTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("plugin removed but the refresh did not complete in time bsn={}", name);
        }
        LOG.info("plugin removed bsn={}", name);
    }

    private void save(UploadedJar jar) throws IOException {
        Path target = directory.resolve(jar.symbolicName() + ".jar");
        Path partial = directory.resolve("." + jar.symbolicName() + ".jar.partial");
        try (InputStream in = jar.newInputStream()) {
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void uninstallQuietly(Bundle bundle) {
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            LOG.warn("could not uninstall a plugin that failed to start bsn={} error={}", bundle.getSymbolicName(),
                    e.getMessage());
        }
    }
}
