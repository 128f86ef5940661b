package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.support.x509.CertificateRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CertificateSigningRequests (certificates.k8s.io/v1) as Kubernetes validates them: {@code spec.request} a PEM
 * CERTIFICATE REQUEST whose signature verifies, {@code spec.signerName} a qualified name, {@code spec.usages}
 * Kubernetes' key usages, {@code spec.expirationSeconds} at least 600; conditions Approved, Denied and Failed at most
 * once each, Approved and Denied not together; {@code status.certificate} PEM certificates.
 */
public final class CsrValidation {

    public static final List<String> USAGES = List.of("signing", "digital signature", "content commitment",
            "key encipherment", "key agreement", "data encipherment", "cert sign", "crl sign", "encipher only",
            "decipher only", "any", "server auth", "client auth", "code signing", "email protection", "s/mime",
            "ipsec end system", "ipsec tunnel", "ipsec user", "timestamping", "ocsp signing", "microsoft sgc",
            "netscape sgc");
    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final FieldPath CONDITIONS = FieldPath.root("status").child("conditions");
    private static final Pattern SIGNER = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    private CsrValidation() {
    }

    public static void validate(JsonNode csr, FieldErrors errors) {
        JsonNode spec = csr.path("spec");
        request(spec.path("request"), errors);
        String signer = spec.path("signerName").asText("");
        if (signer.isEmpty()) {
            errors.required(SPEC.child("signerName"), "");
        } else if (signer.length() > 571 || !SIGNER.matcher(signer).matches()) {
            errors.invalid(SPEC.child("signerName"), signer, "must be a fully qualified domain and path of the form "
                    + "'example.com/signer-name'");
        }
        JsonNode usages = spec.path("usages");
        if (!usages.isArray() || usages.isEmpty()) {
            errors.required(SPEC.child("usages"), "");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < usages.size(); i++) {
                String usage = usages.get(i).asText("");
                if (!USAGES.contains(usage)) {
                    errors.notSupported(SPEC.child("usages").index(i), usages.get(i), USAGES);
                } else if (!seen.add(usage)) {
                    errors.duplicate(SPEC.child("usages").index(i), usages.get(i));
                }
            }
        }
        JsonNode expiration = spec.path("expirationSeconds");
        if (!expiration.isMissingNode() && !expiration.isNull() && expiration.asLong() < 600) {
            errors.invalid(SPEC.child("expirationSeconds"), expiration.asLong(),
                    "may not specify a duration less than 600 seconds (10 minutes)");
        }
        conditions(csr.path("status").path("conditions"), errors);
        String certificate = csr.path("status").path("certificate").asText("");
        if (!certificate.isEmpty()) {
            String pem = decoded(certificate);
            if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
                errors.invalid(FieldPath.root("status").child("certificate"), "<certificate data>",
                        "must contain at least one CERTIFICATE PEM block");
            }
        }
    }

    /** Approved, Denied or Failed conditions once set stay; a certificate once issued stays. */
    public static void validateUpdate(JsonNode csr, JsonNode old, FieldErrors errors) {
        for (String type : List.of("Approved", "Denied", "Failed")) {
            if (has(old, type) && !has(csr, type)) {
                errors.forbidden(CONDITIONS, "updates may not remove a condition of type \"" + type + "\"");
            }
        }
        String before = old.path("status").path("certificate").asText("");
        if (!before.isEmpty() && !before.equals(csr.path("status").path("certificate").asText(""))) {
            errors.forbidden(FieldPath.root("status").child("certificate"),
                    "updates may not modify existing certificate content");
        }
    }

    private static void request(JsonNode request, FieldErrors errors) {
        FieldPath path = SPEC.child("request");
        String text = request.asText("");
        if (text.isEmpty()) {
            errors.required(path, "");
            return;
        }
        String pem = decoded(text);
        if (pem == null) {
            errors.invalid(path, "<request data>", "must be base64-encoded PEM");
            return;
        }
        try {
            CertificateRequest.parsePem(pem.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            errors.invalid(path, "<request data>", e.getMessage());
        }
    }

    private static void conditions(JsonNode conditions, FieldErrors errors) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode c = conditions.get(i);
            String type = c.path("type").asText("");
            FieldPath at = CONDITIONS.index(i);
            if (type.isEmpty()) {
                errors.required(at.child("type"), "");
            } else if (List.of("Approved", "Denied", "Failed").contains(type) && !seen.add(type)) {
                errors.duplicate(at.child("type"), c.path("type"));
            }
            String status = c.path("status").asText("");
            if (!List.of("True", "False", "Unknown").contains(status)) {
                errors.notSupported(at.child("status"), c.path("status"), List.of("False", "True", "Unknown"));
            } else if (("Approved".equals(type) || "Denied".equals(type)) && !"True".equals(status)) {
                errors.notSupported(at.child("status"), c.path("status"), List.of("True"));
            }
        }
        if (seen.contains("Approved") && seen.contains("Denied")) {
            errors.invalid(CONDITIONS, "Approved", "Approved and Denied conditions are mutually exclusive");
        }
    }

    private static boolean has(JsonNode csr, String type) {
        for (JsonNode c : csr.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String decoded(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
