package dev.orchestrator.dns.internal;

import dev.orchestrator.client.ClientIdentity;
import dev.orchestrator.client.InformerSupervisor;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The node's cluster DNS server as a component: runs only when configured (the node writes
 * {@code etc/orchestrator.dns.cfg}), watches Services and EndpointSlices through shared informers and answers from
 * their caches. Holds no state beyond them: an updated bundle lists again and answers the same; while none runs,
 * pods' queries go unanswered and their resolvers retry.
 */
@Component(name = "orchestrator.dns", configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ClusterDnsConfig.class)
public final class ClusterDnsServer {

    private final InformerServiceCatalog catalog;
    private final DnsServer server;

    @Activate
    public ClusterDnsServer(@Reference(target = ClientIdentity.NODE) KubernetesClient client, @Reference(target = ClientIdentity.NODE) InformerSupervisor supervisor,
                            ClusterDnsConfig config) throws IOException {
        DnsSettings settings = DnsSettings.of(config);
        this.catalog = new InformerServiceCatalog(client, supervisor);
        try {
            this.server = DnsServer.start(settings, catalog);
        } catch (IOException | RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    @Deactivate
    void deactivate() {
        server.close();
        catalog.close();
    }
}
