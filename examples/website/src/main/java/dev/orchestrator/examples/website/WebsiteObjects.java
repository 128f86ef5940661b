package dev.orchestrator.examples.website;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/** The objects one Website owns, as they should be. */
final class WebsiteObjects {

    /** On the pod template: a new content gives new pods, which mount the new ConfigMap data at once. */
    static final String CONTENT_HASH = "example.orchestrator.dev/content-hash";
    static final int HTTP_PORT = 8080;

    private final Website site;

    WebsiteObjects(Website site) {
        this.site = site;
    }

    String name() {
        return site.getMetadata().getName();
    }

    String namespace() {
        return site.getMetadata().getNamespace();
    }

    String contentName() {
        return name() + "-content";
    }

    int replicas() {
        Integer replicas = site.getSpec() == null ? null : site.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    String image() {
        return site.getSpec() == null ? null : site.getSpec().getImage();
    }

    String content() {
        String content = site.getSpec() == null ? null : site.getSpec().getContent();
        return content == null ? "" : content;
    }

    String contentHash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, String> labels() {
        return Map.of("app.kubernetes.io/name", "website", "app.kubernetes.io/instance", name());
    }

    String url() {
        return "http://" + name() + "." + namespace() + ".svc.cluster.local/";
    }

    ConfigMap configMap() {
        return new ConfigMapBuilder().withMetadata(owned(contentName()))
                .withData(Map.of("index.html", content())).build();
    }

    Deployment deployment() {
        return new DeploymentBuilder().withMetadata(owned(name()))
                .withNewSpec()
                .withReplicas(replicas())
                .withNewSelector().withMatchLabels(labels()).endSelector()
                .withNewTemplate()
                .withNewMetadata().withLabels(labels()).withAnnotations(Map.of(CONTENT_HASH, contentHash()))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("httpd").withImage(image())
                .withCommand("httpd", "-f", "-p", String.valueOf(HTTP_PORT), "-h", "/www")
                .addNewPort().withName("http").withContainerPort(HTTP_PORT).endPort()
                .addNewVolumeMount().withName("content").withMountPath("/www").endVolumeMount()
                .withNewReadinessProbe().withNewHttpGet().withPath("/").withPort(new IntOrString(HTTP_PORT))
                .endHttpGet().withPeriodSeconds(2).endReadinessProbe()
                .endContainer()
                .addNewVolume().withName("content").withNewConfigMap().withName(contentName()).endConfigMap()
                .endVolume()
                .endSpec()
                .endTemplate()
                .endSpec().build();
    }

    Service service() {
        return new ServiceBuilder().withMetadata(owned(name()))
                .withNewSpec()
                .withSelector(labels())
                .addNewPort().withName("http").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .endSpec().build();
    }

    private ObjectMeta owned(String objectName) {
        return new ObjectMetaBuilder().withName(objectName).withNamespace(namespace()).withLabels(labels())
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(site.getApiVersion()).withKind(site.getKind())
                        .withName(name()).withUid(site.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).build())
                .build();
    }
}
