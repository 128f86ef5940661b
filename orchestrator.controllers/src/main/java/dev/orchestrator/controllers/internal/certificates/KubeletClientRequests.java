package dev.orchestrator.controllers.internal.certificates;

import dev.orchestrator.support.x509.CertificateRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What makes a CertificateSigningRequest a kubelet's client request, as Kubernetes checks it before approving and
 * signing for {@value #SIGNER}: the subject {@code CN=system:node:<name>, O=system:nodes} and no other
 * organization, the usages digital signature and client auth (key encipherment allowed), and the request's
 * approval state from its conditions.
 */
final class KubeletClientRequests {

    static final String SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
    static final String NODE_PREFIX = "system:node:";
    static final String NODES = "system:nodes";
    private static final Set<String> REQUIRED = Set.of("digital signature", "client auth");
    private static final Set<String> ALLOWED = Set.of("digital signature", "client auth", "key encipherment");

    private KubeletClientRequests() {
    }

    /** The request in {@code spec.request}; empty when it cannot be read (the API server validated it). */
    static Optional<CertificateRequest> request(CertificateSigningRequest csr) {
        try {
            String base64 = csr.getSpec().getRequest();
            return Optional.of(CertificateRequest.parsePem(Base64.getDecoder().decode(base64)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Why the request is no kubelet client request, or empty when it is one. */
    static Optional<String> problem(CertificateSigningRequest csr, CertificateRequest request) {
        if (!List.of(NODES).equals(request.organizations())) {
            return Optional.of("the subject's organization must be " + NODES + " alone, not " + request.organizations());
        }
        String cn = request.commonName();
        if (cn == null || !cn.startsWith(NODE_PREFIX) || cn.length() == NODE_PREFIX.length()) {
            return Optional.of("the subject's common name must be " + NODE_PREFIX + "<node name>, not " + cn);
        }
        Set<String> usages = new HashSet<>(csr.getSpec().getUsages() == null ? List.of() : csr.getSpec().getUsages());
        if (!usages.containsAll(REQUIRED) || !ALLOWED.containsAll(usages)) {
            return Optional.of("the usages must be digital signature and client auth (key encipherment allowed), not "
                    + usages);
        }
        return Optional.empty();
    }

    static boolean has(CertificateSigningRequest csr, String type) {
        if (csr.getStatus() == null || csr.getStatus().getConditions() == null) {
            return false;
        }
        for (CertificateSigningRequestCondition c : csr.getStatus().getConditions()) {
            if (type.equals(c.getType())) {
                return true;
            }
        }
        return false;
    }

    static boolean issued(CertificateSigningRequest csr) {
        return csr.getStatus() != null && csr.getStatus().getCertificate() != null
                && !csr.getStatus().getCertificate().isEmpty();
    }
}
