package dev.orchestrator.controllers.internal.volumes;

import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.ReconcilerServices;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The persistent volume controller (PID {@code orchestrator.controllers.persistentvolume}): {@link ClaimBinder} for
 * claims and {@link VolumeReclaimer} for volumes, under one configuration and one account, as Kubernetes' binder; and
 * the protection controllers {@link ClaimProtection} and {@link VolumeProtection}, each with its own account.
 */
@Component(name = "orchestrator.controllers.persistentvolume", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {}, immediate = true)
@Designate(ocd = PersistentVolumeConfig.class)
public final class PersistentVolumeComponent {

    private final ReconcilerServices reconcilers;

    @Activate
    public PersistentVolumeComponent(@Reference ControllerClients clients, PersistentVolumeConfig config,
                                     BundleContext context) {
        reconcilers = new ReconcilerServices(context);
        if (!config.enabled()) {
            return;
        }
        KubernetesClient client = clients.forAccount("persistent-volume-binder");
        reconcilers.register(new ClaimBinder(client));
        reconcilers.register(new VolumeReclaimer(client));
        reconcilers.register(new ClaimProtection(clients.forAccount("pvc-protection-controller")));
        reconcilers.register(new VolumeProtection(clients.forAccount("pv-protection-controller")));
    }

    @Deactivate
    void deactivate() {
        reconcilers.close();
    }
}
