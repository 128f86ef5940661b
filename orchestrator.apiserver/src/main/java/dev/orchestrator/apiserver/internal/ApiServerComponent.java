package dev.orchestrator.apiserver.internal;

import dev.orchestrator.apiserver.internal.kubeletclient.KubeletTransport;
import dev.orchestrator.api.admission.AdmissionPlugin;
import dev.orchestrator.api.admission.MutatingAdmission;
import dev.orchestrator.api.admission.ValidatingAdmission;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.security.RequestIdentity;
import dev.orchestrator.apiserver.internal.auth.Authentication;
import dev.orchestrator.apiserver.internal.auth.AuthenticationFilter;
import dev.orchestrator.apiserver.internal.auth.ServiceAccountTokens;
import dev.orchestrator.apiserver.internal.encryption.EncryptionAtRest;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.nio.file.Path;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the Kubernetes API on the HTTP whiteboard, on top of the best-ranked {@link Store}.
 * A new store (another implementation or an updated bundle) re-activates this component;
 * the HTTP server itself, its port and its connections belong to the HTTP bundle. Admission plugins
 * ({@link MutatingAdmission}, {@link ValidatingAdmission} services) join and leave the chain while it serves.
 */
@Component(configurationPid = ApiServerConfig.PID, immediate = true)
@Designate(ocd = ApiServerConfig.class)
public final class ApiServerComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServerComponent.class);
    static final String HOST_PROPERTY = "org.apache.felix.http.host";
    static final String PORT_PROPERTY = "org.osgi.service.http.port";
    /**
     * Launch property: a second address the API serves on (TLS only; the HTTP bundle listens there too), published as
     * the {@code kubernetes} Service's endpoint so pods reach the API: on a node, its bridge's address.
     */
    static final String ADVERTISE_ADDRESS_PROPERTY = "orchestrator.api.advertiseAddress";

    private final ServiceRegistration<Servlet> registration;
    private final MonitoringServices monitoring;
    private final ServiceRegistration<Filter> authentication;
    private final AuditTrail audit;
    private final ApiServerAssembly api;

    @Activate
    public ApiServerComponent(@Reference(policyOption = ReferencePolicyOption.GREEDY) Store store,
                              ApiServerConfig config, BundleContext context) {
        String host = context.getProperty(HOST_PROPERTY);
        String pkiDir = context.getProperty(RequestIdentity.PKI_DIR_PROPERTY);
        boolean secured = pkiDir != null && !pkiDir.isBlank();
        String advertised = context.getProperty(ADVERTISE_ADDRESS_PROPERTY);
        advertised = advertised == null || advertised.isBlank() ? null : advertised.trim();
        if (!secured) {
            requireLoopback(host);
            if (advertised != null) {
                throw new IllegalStateException("without TLS and authentication (" + RequestIdentity.PKI_DIR_PROPERTY
                        + " unset) the API server serves on loopback only, so it cannot advertise " + advertised
                        + " (" + ADVERTISE_ADDRESS_PROPERTY + ")");
            }
        }
        Path pki = secured ? Path.of(pkiDir.trim()) : null;
        ServiceAccountTokens serviceAccountTokens = serviceAccountTokens(pki);
        this.api = new ApiServerAssembly(EncryptionAtRest.protect(store,
                context.getProperty(EncryptionAtRest.CONFIG_PROPERTY)), config, serviceAccountTokens, secured,
                kubeletTransport(pki));
        try {
            // the filter before the servlet: no request reaches the API before authentication is in place
            this.authentication = secured ? registerAuthentication(context, pki, serviceAccountTokens, api) : null;
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        try {
            this.audit = AuditTrail.start(context, api);
        } catch (RuntimeException e) {
            if (authentication != null) {
                authentication.unregister();
            }
            api.close();
            throw e;
        }
        if (advertised != null) {
            api.advertise(advertised, port(context));
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/*");
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "orchestrator-apiserver");
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED, true);
        this.registration = context.registerService(Servlet.class, api.servlet(), props);
        this.monitoring = MonitoringServices.register(context, api, secured);
        LOG.info("API server serving {}://{}:{} store={} revision={} authentication={}", secured ? "https" : "http",
                (host == null ? "127.0.0.1" : host) + (advertised == null ? "" : " and " + advertised),
                context.getProperty(PORT_PROPERTY), store.getClass().getSimpleName(),
                api.currentRevision(), secured ? "client certificates of " + pkiDir.trim() + "/ca.crt, its tokens.csv, ServiceAccount tokens, bootstrap tokens"
                        : "none (development: loopback only)");
    }

    /** A plugin bundle's mutating admission joins the chain, ordered by its {@code service.ranking}. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeMutating")
    void addMutating(MutatingAdmission plugin, Map<String, Object> properties) {
        api.admission().add(pluginName(plugin, properties), ranking(properties), plugin);
        LOG.info("admission plugin added name={} chain={}", pluginName(plugin, properties), api.admission().names());
    }

    void removeMutating(MutatingAdmission plugin, Map<String, Object> properties) {
        api.admission().remove(plugin);
        LOG.info("admission plugin removed name={}", pluginName(plugin, properties));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeValidating")
    void addValidating(ValidatingAdmission plugin, Map<String, Object> properties) {
        api.admission().add(pluginName(plugin, properties), ranking(properties), plugin);
        LOG.info("admission plugin added name={} chain={}", pluginName(plugin, properties), api.admission().names());
    }

    void removeValidating(ValidatingAdmission plugin, Map<String, Object> properties) {
        api.admission().remove(plugin);
        LOG.info("admission plugin removed name={}", pluginName(plugin, properties));
    }

    private static String pluginName(Object plugin, Map<String, Object> properties) {
        Object name = properties.get(AdmissionPlugin.NAME);
        return name instanceof String s && !s.isBlank() ? s : plugin.getClass().getSimpleName();
    }

    private static int ranking(Map<String, Object> properties) {
        return properties.get(org.osgi.framework.Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    private static int port(BundleContext context) {
        String port = context.getProperty(PORT_PROPERTY);
        return port == null || port.isBlank() ? 8080 : Integer.parseInt(port.trim());
    }

    private static KubeletTransport kubeletTransport(Path pkiDir) {
        if (pkiDir == null) {
            return KubeletTransport.plain();
        }
        try {
            return KubeletTransport.secured(pkiDir);
        } catch (IOException e) {
            throw new IllegalStateException("the API server cannot reach kubelets, so the API is not served: "
                    + e.getMessage(), e);
        }
    }

    /** The PKI directory's signing key ({@code sa.key}); a key of this process only without one (development). */
    private static ServiceAccountTokens serviceAccountTokens(Path pkiDir) {
        if (pkiDir == null) {
            return ServiceAccountTokens.ephemeral();
        }
        try {
            return ServiceAccountTokens.fromKeyFile(pkiDir.resolve("sa.key"));
        } catch (IOException e) {
            throw new IllegalStateException("the ServiceAccount token key cannot be read, so the API is not served: "
                    + e.getMessage(), e);
        }
    }

    private static ServiceRegistration<Filter> registerAuthentication(BundleContext context, Path pkiDir,
                                                                      ServiceAccountTokens serviceAccountTokens,
                                                                      ApiServerAssembly api) {
        Authentication authentication;
        try {
            authentication = Authentication.fromPkiDirectory(pkiDir, serviceAccountTokens, api.objectUids(),
                    api.bootstrapTokens());
        } catch (IOException e) {
            throw new IllegalStateException("authentication cannot start, so the API is not served: " + e.getMessage(), e);
        }
        api.authenticateTokensWith(authentication);
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN, "/*");
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_NAME, "orchestrator-authentication");
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_ASYNC_SUPPORTED, true);
        props.put(org.osgi.framework.Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        return context.registerService(Filter.class, new AuthenticationFilter(authentication), props);
    }

    @Deactivate
    void deactivate() {
        monitoring.close();
        registration.unregister();
        api.close();
        if (audit != null) {
            audit.close();
        }
        if (authentication != null) {
            authentication.unregister();
        }
        LOG.info("API server stopped");
    }

    /** Without authentication and TLS (development), the API must not be reachable from other hosts. */
    static void requireLoopback(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalStateException("without TLS and authentication (" + RequestIdentity.PKI_DIR_PROPERTY
                    + " unset) the API server must bind to loopback: "
                    + "set " + HOST_PROPERTY + "=127.0.0.1 (it is unset, which would listen on every address)");
        }
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) {
                throw new IllegalStateException("without TLS and authentication (" + RequestIdentity.PKI_DIR_PROPERTY
                        + " unset) the API server must bind to loopback, "
                        + "not " + host + " (" + HOST_PROPERTY + ")");
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException("cannot resolve " + HOST_PROPERTY + "=" + host, e);
        }
    }
}
