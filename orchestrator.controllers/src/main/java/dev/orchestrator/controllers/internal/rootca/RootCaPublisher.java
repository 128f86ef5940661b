package dev.orchestrator.controllers.internal.rootca;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.NamespaceContent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The ConfigMap {@value #NAME} in every namespace, holding under {@code ca.crt} the CA the control plane trusts
 * for the API server (the CA of its own kubeconfig), as Kubernetes' root CA certificate publisher keeps it: pods
 * verify the API with it (the ServiceAccount admission mounts it beside their token). Made when a namespace
 * appears, made again when deleted, put back when edited. Without TLS (no CA in the client's configuration) there
 * is nothing to publish.
 */
@Component(name = "orchestrator.controllers.rootca", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = RootCaConfig.class)
public final class RootCaPublisher implements Reconciler<Namespace> {

    static final String NAME = "kube-root-ca.crt";
    static final String KEY = "ca.crt";
    static final String DESCRIPTION = "The CA of the API server's certificate, to verify the API at its in-cluster "
            + "addresses (the kubernetes Service, kubernetes.default.svc); kept by the control plane.";

    private final KubernetesClient client;
    private final String caBundle;

    @Activate
    public RootCaPublisher(@Reference ControllerClients clients) {
        this(clients.forAccount("root-ca-cert-publisher"));
    }

    private RootCaPublisher(KubernetesClient client) {
        this(client, caBundleOf(client.getConfiguration()));
    }

    RootCaPublisher(KubernetesClient client, String caBundle) {
        this.client = client;
        this.caBundle = caBundle;
    }

    @Override
    public Watches<Namespace> watches() {
        return Watches.of("rootca", Namespace.class).watches(ConfigMap.class, (map, caches) ->
                NAME.equals(map.getMetadata().getName())
                        ? Set.of(new Request("", map.getMetadata().getNamespace())) : Set.of());
    }

    @Override
    public Result reconcile(Request request, Context context) {
        if (caBundle == null) {
            return Result.done();
        }
        Optional<Namespace> namespace = context.lister(Namespace.class).get("", request.name());
        if (namespace.isEmpty() || NamespaceContent.terminating(namespace.get())) {
            return Result.done();
        }
        Optional<ConfigMap> current = context.lister(ConfigMap.class).get(request.name(), NAME);
        if (current.isPresent() && Map.of(KEY, caBundle).equals(current.get().getData())) {
            return Result.done();
        }
        ConfigMap wanted = new ConfigMapBuilder().withNewMetadata().withName(NAME).withNamespace(request.name())
                .addToAnnotations("kubernetes.io/description", DESCRIPTION).endMetadata()
                .withData(Map.of(KEY, caBundle)).build();
        if (current.isEmpty()) {
            NamespaceContent.write(() -> client.configMaps().inNamespace(request.name()).resource(wanted).create());
        } else {
            ConfigMap edited = new ConfigMapBuilder(current.get()).withData(Map.of(KEY, caBundle)).withBinaryData(null)
                    .build();
            NamespaceContent.write(() -> client.configMaps().inNamespace(request.name()).resource(edited).update());
        }
        return Result.done();
    }

    /** The PEM bundle of the client's CA (inline or a file), or null when it trusts none of its own. */
    static String caBundleOf(Config config) {
        if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
            return new String(Base64.getDecoder().decode(config.getCaCertData().trim()), StandardCharsets.UTF_8);
        }
        if (config.getCaCertFile() != null && !config.getCaCertFile().isBlank()) {
            try {
                return Files.readString(Path.of(config.getCaCertFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the API server's CA " + config.getCaCertFile(), e);
            }
        }
        return null;
    }

}
