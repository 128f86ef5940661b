package dev.orchestrator.itests;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The framework's API client (orchestrator.client), pointed at the HTTP port chosen at run time. */
final class FrameworkClient {

    private FrameworkClient() {
    }

    /**
     * Configures the framework's client (used by the scheduler and the controllers) for
     * {@code endpoint}, waits until it is, and returns a client of the test's own on the same endpoint.
     */
    static KubernetesClient pointAt(BundleContext context, ConfigurationAdmin configurationAdmin, String endpoint)
            throws Exception {
        Configuration c = configurationAdmin.getConfiguration("orchestrator.client", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("masterUrl", endpoint);
        c.update(props);
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            ServiceReference<KubernetesClient> ref = context.getServiceReference(KubernetesClient.class);
            if (ref != null) {
                KubernetesClient client = context.getService(ref);
                boolean reconfigured = client != null && client.getMasterUrl().toString().startsWith(endpoint);
                context.ungetService(ref);
                if (reconfigured) {
                    return new KubernetesClientBuilder()
                            .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl(endpoint).build())
                            .withHttpClientFactory(new JdkHttpClientFactory()).build();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the API client was not reconfigured for " + endpoint);
    }
}
