package dev.orchestrator.client.internal;

import dev.orchestrator.client.ControllerClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;

/**
 * The {@link ControllerClients} service as one bundle sees it: one client per account, made on first use and
 * closed when the bundle stops using the service (an updated controllers bundle leaves no connection behind).
 * Without the controller manager's identity every account gets the shared client, which this view never closes.
 */
final class BundleControllerClients implements ControllerClients {

    /** A DNS subdomain, what a ServiceAccount may be named. */
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private final Function<String, KubernetesClient> open;
    private final KubernetesClient shared;
    private final Map<String, KubernetesClient> clients = new LinkedHashMap<>();

    private BundleControllerClients(Function<String, KubernetesClient> open, KubernetesClient shared) {
        this.open = open;
        this.shared = shared;
    }

    /** Each bundle's accounts get clients {@code open} makes. */
    static ServiceFactory<ControllerClients> perAccount(Function<String, KubernetesClient> open) {
        return factory(open, null);
    }

    /** Every account of every bundle gets {@code shared}. */
    static ServiceFactory<ControllerClients> sharedOnly(KubernetesClient shared) {
        return factory(null, shared);
    }

    private static ServiceFactory<ControllerClients> factory(Function<String, KubernetesClient> open,
                                                             KubernetesClient shared) {
        return new ServiceFactory<>() {
            @Override
            public ControllerClients getService(Bundle bundle, ServiceRegistration<ControllerClients> registration) {
                return new BundleControllerClients(open, shared);
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<ControllerClients> registration,
                                     ControllerClients service) {
                ((BundleControllerClients) service).closeAll();
            }
        };
    }

    @Override
    public synchronized KubernetesClient forAccount(String account) {
        if (account == null || account.length() > 253 || !SUBDOMAIN.matcher(account).matches()) {
            throw new IllegalArgumentException("'" + account + "' cannot name a ServiceAccount: a DNS subdomain of "
                    + "at most 253 characters (lower-case letters, digits, '-' and '.') is needed");
        }
        if (open == null) {
            return shared;
        }
        return clients.computeIfAbsent(account, open);
    }

    synchronized void closeAll() {
        List<KubernetesClient> opened = new ArrayList<>(clients.values());
        clients.clear();
        opened.forEach(KubernetesClient::close);
    }
}
