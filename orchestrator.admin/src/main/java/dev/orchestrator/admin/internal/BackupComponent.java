package dev.orchestrator.admin.internal;

import dev.orchestrator.api.store.Store;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the backup endpoint beside the API server (see {@link BundleAdminComponent} for why by hand). It reads
 * the same {@link Store} the API server writes, so it follows a store swap like the API server does (greedy).
 */
@Component(configurationPid = BackupConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = BackupConfig.class)
public final class BackupComponent {

    private static final Logger LOG = LoggerFactory.getLogger(BackupComponent.class);
    static final String PATTERN = "/orchestrator/v1/backup";

    private final Optional<WhiteboardServlet> registration;

    @Activate
    public BackupComponent(BackupConfig config, BundleContext context,
                           @Reference(policyOption = ReferencePolicyOption.GREEDY) Store store) {
        if (!config.enabled()) {
            LOG.info("backup endpoint disabled pid={}", BackupConfig.PID);
            this.registration = Optional.empty();
            return;
        }
        this.registration = Optional.of(new WhiteboardServlet(context, new BackupServlet(store, new AdminAccess(context, "backup")), PATTERN,
                "orchestrator-backup"));
        LOG.info("backup endpoint serving pattern={}", PATTERN);
    }

    @Deactivate
    void deactivate() {
        registration.ifPresent(WhiteboardServlet::close);
    }
}
