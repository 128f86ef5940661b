package dev.orchestrator.controllers.internal.certificates;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.support.x509.CertificateRequest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approves kubelets' client certificate requests as Kubernetes' csrapproving controller does: a pending request
 * for {@value KubeletClientRequests#SIGNER} whose subject is {@code system:node:<name>} in {@code system:nodes}
 * with the usages of a client certificate is approved when a SubjectAccessReview allows its requester to
 * {@code create certificatesigningrequests/selfnodeclient} (a node renewing its own) or {@code …/nodeclient}
 * (a bootstrap token asking for a node). Anything else stays pending for a person ({@code kubectl certificate
 * approve}).
 */
@Component(name = "orchestrator.controllers.csrapproving", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = CsrApprovingConfig.class)
public final class CsrApprovingReconciler implements Reconciler<CertificateSigningRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(CsrApprovingReconciler.class);
    private final KubernetesClient client;

    @Activate
    public CsrApprovingReconciler(@Reference ControllerClients clients) {
        this.client = clients.forAccount("certificate-controller");
    }

    @Override
    public Watches<CertificateSigningRequest> watches() {
        return Watches.of("csrapproving", CertificateSigningRequest.class);
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<CertificateSigningRequest> found = context.lister(CertificateSigningRequest.class).get("", request.name());
        if (found.isEmpty()) {
            return Result.done();
        }
        CertificateSigningRequest csr = found.get();
        if (!KubeletClientRequests.SIGNER.equals(csr.getSpec().getSignerName())
                || KubeletClientRequests.has(csr, "Approved") || KubeletClientRequests.has(csr, "Denied")) {
            return Result.done();
        }
        Optional<CertificateRequest> parsed = KubeletClientRequests.request(csr);
        if (parsed.isEmpty() || KubeletClientRequests.problem(csr, parsed.get()).isPresent()) {
            return Result.done(); // not a node client request: a person decides
        }
        boolean self = csr.getSpec().getUsername() != null && csr.getSpec().getUsername().equals(parsed.get().commonName());
        String subresource = self ? "selfnodeclient" : "nodeclient";
        if (!allowed(csr.getSpec(), subresource)) {
            LOG.info("csr={} requester={} may not create certificatesigningrequests/{}; left pending", request.name(),
                    csr.getSpec().getUsername(), subresource);
            return Result.done();
        }
        CertificateSigningRequestCondition approved = new CertificateSigningRequestConditionBuilder()
                .withType("Approved").withStatus("True").withReason("AutoApproved")
                .withMessage("Auto approving kubelet client certificate after SubjectAccessReview.")
                .withLastUpdateTime(Instant.now().toString()).build();
        try {
            client.certificates().v1().certificateSigningRequests().withName(request.name()).approve(approved);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Result.done();
            }
            throw e; // a conflict: retried from the newer request
        }
        context.events().normal(csr, "AutoApproved", "Auto approving kubelet client certificate after SubjectAccessReview.");
        LOG.info("csr={} node={} requester={} approved", request.name(), parsed.get().commonName(), csr.getSpec().getUsername());
        return Result.done();
    }

    /** Whether the requester may create the subresource that stands for this kind of request. */
    @SuppressWarnings("unchecked")
    private boolean allowed(CertificateSigningRequestSpec spec, String subresource) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("group", "certificates.k8s.io");
        attributes.put("resource", "certificatesigningrequests");
        attributes.put("subresource", subresource);
        attributes.put("verb", "create");
        Map<String, Object> reviewSpec = new LinkedHashMap<>();
        reviewSpec.put("user", spec.getUsername());
        if (spec.getUid() != null) {
            reviewSpec.put("uid", spec.getUid());
        }
        reviewSpec.put("groups", spec.getGroups());
        if (spec.getExtra() != null && !spec.getExtra().isEmpty()) {
            reviewSpec.put("extra", spec.getExtra());
        }
        reviewSpec.put("resourceAttributes", attributes);
        GenericKubernetesResource review = new GenericKubernetesResource();
        review.setApiVersion("authorization.k8s.io/v1");
        review.setKind("SubjectAccessReview");
        review.setAdditionalProperty("spec", reviewSpec);
        GenericKubernetesResource answer = client.genericKubernetesResources("authorization.k8s.io/v1", "SubjectAccessReview")
                .resource(review).create();
        Object status = answer.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> s && Boolean.TRUE.equals(s.get("allowed"));
    }
}
