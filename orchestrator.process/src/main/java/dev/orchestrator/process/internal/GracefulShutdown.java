package dev.orchestrator.process.internal;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a request to end the JVM (SIGTERM, Ctrl-C) into a framework stop, and holds the
 * JVM until every bundle has stopped: stores commit and close, watches end, threads stop.
 * Without it the JVM would exit with the framework still running.
 */
@Component(configurationPid = GracefulShutdownConfig.PID, immediate = true)
@Designate(ocd = GracefulShutdownConfig.class)
public final class GracefulShutdown {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

    private final Thread hook;

    @Activate
    public GracefulShutdown(BundleContext context, GracefulShutdownConfig config) {
        Framework framework = (Framework) context.getBundle(0);
        long timeoutMillis = config.stopTimeoutSeconds() * 1000L;
        this.hook = new Thread(() -> stop(framework, timeoutMillis), "orch-graceful-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Deactivate
    void deactivate() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook itself is stopping the framework
        }
    }

    private static void stop(Framework framework, long timeoutMillis) {
        LOG.info("shutdown requested, stopping all bundles (at most {} ms)", timeoutMillis);
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(timeoutMillis);
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                System.err.println("orchestrator: bundles did not stop within " + timeoutMillis + " ms; exiting anyway");
            } else {
                System.err.println("orchestrator: stopped cleanly");
            }
        } catch (BundleException e) {
            System.err.println("orchestrator: framework stop failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
