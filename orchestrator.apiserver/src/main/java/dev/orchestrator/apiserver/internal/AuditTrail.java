package dev.orchestrator.apiserver.internal;

import dev.orchestrator.apiserver.internal.audit.AuditFilter;
import dev.orchestrator.apiserver.internal.audit.AuditLog;
import dev.orchestrator.apiserver.internal.audit.AuditPolicy;
import jakarta.servlet.Filter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log of the API server, switched on by launch properties as Kubernetes' flags do:
 * {@value #POLICY} (the policy file; unset: no audit), {@value #LOG_FILE} (default {@code <data dir>/logs/audit.log}),
 * {@value #MAX_SIZE} (MiB before rotation, default 100) and {@value #MAX_BACKUPS} (default 10). A policy that cannot be
 * read stops the API server with a message naming the file and the field.
 */
final class AuditTrail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    static final String POLICY = "orchestrator.audit.policy";
    static final String LOG_FILE = "orchestrator.audit.log";
    static final String MAX_SIZE = "orchestrator.audit.maxSizeMB";
    static final String MAX_BACKUPS = "orchestrator.audit.maxBackups";

    private final AuditLog log;
    private final ServiceRegistration<Filter> filter;

    private AuditTrail(AuditLog log, ServiceRegistration<Filter> filter) {
        this.log = log;
        this.filter = filter;
    }

    /** The audit filter on the whiteboard, after authentication; null when no policy is configured. */
    static AuditTrail start(BundleContext context, ApiServerAssembly api) {
        String policyFile = context.getProperty(POLICY);
        if (policyFile == null || policyFile.isBlank()) {
            return null;
        }
        String dataDir = context.getProperty("orchestrator.data.dir");
        String logFile = context.getProperty(LOG_FILE);
        Path logPath = logFile != null && !logFile.isBlank() ? Path.of(logFile.trim())
                : Path.of(dataDir == null ? "." : dataDir, "logs", "audit.log");
        AuditLog log;
        AuditPolicy policy;
        try {
            policy = AuditPolicy.read(Path.of(policyFile.trim()));
            log = new AuditLog(logPath, number(context, MAX_SIZE, 100) << 20, (int) number(context, MAX_BACKUPS, 10),
                    Clock.systemUTC());
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the audit log cannot start, so the API is not served: " + e.getMessage(), e);
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN, "/*");
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_NAME, "orchestrator-audit");
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_ASYNC_SUPPORTED, true);
        props.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE - 1); // right after authentication
        ServiceRegistration<Filter> registration = context.registerService(Filter.class,
                new AuditFilter(policy, log, api.requestAttributes(), Clock.systemUTC()), props);
        LOG.info("audit log {} with policy {}", logPath, policyFile.trim());
        return new AuditTrail(log, registration);
    }

    private static long number(BundleContext context, String property, long fallback) {
        String value = context.getProperty(property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(property + " must be a positive number, not '" + value + "'");
        }
    }

    @Override
    public void close() {
        filter.unregister();
        try {
            log.close();
        } catch (IOException e) {
            LOG.warn("closing the audit log: {}", e.toString());
        }
    }
}
