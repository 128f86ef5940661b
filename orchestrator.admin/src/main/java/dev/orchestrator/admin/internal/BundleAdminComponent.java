package dev.orchestrator.admin.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the bundle endpoint on the HTTP whiteboard, beside the API server (same HTTP service, so the same
 * address and port; the longer pattern wins over the API server's {@code /*}). Registered by hand, like the API
 * server's servlet, so that {@code enabled=false} registers nothing.
 */
@Component(configurationPid = BundleAdminConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = BundleAdminConfig.class)
public final class BundleAdminComponent {

    private static final Logger LOG = LoggerFactory.getLogger(BundleAdminComponent.class);
    static final String PATTERN = "/orchestrator/v1/bundles/*";

    private final Optional<WhiteboardServlet> registration;

    @Activate
    public BundleAdminComponent(BundleAdminConfig config, BundleContext context) throws IOException {
        if (!config.enabled()) {
            LOG.info("bundle endpoint disabled pid={}", BundleAdminConfig.PID);
            this.registration = Optional.empty();
            return;
        }
        BundleUpdater updater = new BundleUpdater(context, Duration.ofSeconds(config.refreshTimeoutSeconds()));
        Plugins plugins = new Plugins(context, pluginDirectory(context),
                Duration.ofSeconds(config.refreshTimeoutSeconds()));
        plugins.installSaved();
        BundleAdminServlet servlet = new BundleAdminServlet(updater, plugins, config.maxJarBytes(), uploads(context),
                new AdminAccess(context, "bundle"));
        this.registration = Optional.of(new WhiteboardServlet(context, servlet, PATTERN, "orchestrator-admin"));
        LOG.info("bundle endpoint serving pattern={} maxJarBytes={}", PATTERN, config.maxJarBytes());
    }

    @Deactivate
    void deactivate() {
        registration.ifPresent(WhiteboardServlet::close);
    }

    /**
     * {@code plugins/} in the process' data directory ({@code orchestrator.data.dir}), where they outlive restarts;
     * without one, the bundle's own data area (plugins then last until the framework's cache is cleared).
     */
    private static Path pluginDirectory(BundleContext context) throws IOException {
        String dataDir = context.getProperty("orchestrator.data.dir");
        File fallback = context.getDataFile("plugins");
        Path dir = dataDir != null ? Path.of(dataDir, "plugins")
                : fallback != null ? fallback.toPath() : Path.of(System.getProperty("java.io.tmpdir"), "orchestrator-plugins");
        return Files.createDirectories(dir);
    }

    /** Uploaded jars wait in the bundle's data area (inside the process' data directory), else in java.io.tmpdir. */
    private static Path uploads(BundleContext context) throws IOException {
        File data = context.getDataFile("uploads");
        Path dir = data != null ? data.toPath() : Path.of(System.getProperty("java.io.tmpdir"), "orchestrator-admin");
        return Files.createDirectories(dir);
    }
}
