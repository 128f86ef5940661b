package dev.orchestrator.controllers.internal.certificates;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.api.security.RequestIdentity;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.support.pem.PemFiles;
import dev.orchestrator.support.x509.CertificateRequest;
import dev.orchestrator.support.x509.ClientCertificateIssuer;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs approved kubelet client requests ({@value KubeletClientRequests#SIGNER}) with the cluster CA, as
 * Kubernetes' csrsigning controller does: the certificate, valid from five minutes ago (clock skew) for the
 * request's {@code expirationSeconds} or at most the configured duration, goes into {@code status.certificate}; a
 * request that is no kubelet client request gets a {@code Failed} condition instead. Without a CA key (a cluster
 * without TLS, or a control plane whose PKI directory holds no {@code ca.key}) it signs nothing.
 */
@Component(name = "orchestrator.controllers.csrsigning", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = CsrSigningConfig.class)
public final class CsrSigningReconciler implements Reconciler<CertificateSigningRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(CsrSigningReconciler.class);
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final ClientCertificateIssuer issuer;
    private final Duration maxDuration;

    @Activate
    public CsrSigningReconciler(@Reference ControllerClients clients, CsrSigningConfig config, BundleContext context) {
        this.client = clients.forAccount("certificate-controller");
        this.maxDuration = Duration.ofSeconds(Math.max(600, config.maxDurationSeconds()));
        this.issuer = issuer(context.getProperty(RequestIdentity.PKI_DIR_PROPERTY));
    }

    private static ClientCertificateIssuer issuer(String pkiDir) {
        if (pkiDir == null || pkiDir.isBlank()) {
            LOG.info("no {}: certificate requests are not signed", RequestIdentity.PKI_DIR_PROPERTY);
            return null;
        }
        Path dir = Path.of(pkiDir.trim());
        try {
            X509Certificate ca = PemFiles.certificates(dir.resolve("ca.crt")).get(0);
            return new ClientCertificateIssuer(ca, PemFiles.privateKey(dir.resolve("ca.key")));
        } catch (IOException | RuntimeException e) {
            LOG.warn("the cluster CA of {} cannot sign ({}); certificate requests are not signed", dir, e.getMessage());
            return null;
        }
    }

    @Override
    public Watches<CertificateSigningRequest> watches() {
        return Watches.of("csrsigning", CertificateSigningRequest.class);
    }

    @Override
    public Result reconcile(Request request, Context context) throws GeneralSecurityException {
        Optional<CertificateSigningRequest> found = context.lister(CertificateSigningRequest.class).get("", request.name());
        if (issuer == null || found.isEmpty()) {
            return Result.done();
        }
        CertificateSigningRequest csr = found.get();
        if (!KubeletClientRequests.SIGNER.equals(csr.getSpec().getSignerName()) || !KubeletClientRequests.has(csr, "Approved")
                || KubeletClientRequests.has(csr, "Failed") || KubeletClientRequests.issued(csr)) {
            return Result.done();
        }
        Optional<CertificateRequest> parsed = KubeletClientRequests.request(csr);
        Optional<String> problem = parsed.isEmpty() ? Optional.of("the request cannot be read")
                : KubeletClientRequests.problem(csr, parsed.get());
        CertificateSigningRequestBuilder updated = new CertificateSigningRequestBuilder(csr);
        if (problem.isPresent()) {
            updated.editOrNewStatus().addToConditions(new CertificateSigningRequestConditionBuilder().withType("Failed")
                    .withStatus("True").withReason("SignerValidationFailure").withMessage(problem.get())
                    .withLastUpdateTime(Instant.now().toString()).build()).endStatus();
            context.events().warning(csr, "SignerValidationFailure", problem.get());
        } else {
            Instant now = Instant.now();
            Duration validity = maxDuration;
            Integer asked = csr.getSpec().getExpirationSeconds();
            if (asked != null && Duration.ofSeconds(asked).compareTo(validity) < 0) {
                validity = Duration.ofSeconds(asked);
            }
            X509Certificate certificate = issuer.issue(parsed.get(), new HashSet<>(csr.getSpec().getUsages()),
                    now.minus(BACKDATE), now.plus(validity));
            String pem = ClientCertificateIssuer.pem(List.of(certificate));
            updated.editOrNewStatus().withCertificate(Base64.getEncoder().encodeToString(
                    pem.getBytes(StandardCharsets.US_ASCII))).endStatus();
        }
        try {
            client.certificates().v1().certificateSigningRequests().resource(updated.build()).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Result.done();
            }
            throw e; // a conflict: the cache is behind; retried from the newer request
        }
        LOG.info("csr={} subject={} {}", request.name(), parsed.map(CertificateRequest::commonName).orElse("?"),
                problem.map(p -> "failed: " + p).orElse("signed"));
        return Result.done();
    }
}
