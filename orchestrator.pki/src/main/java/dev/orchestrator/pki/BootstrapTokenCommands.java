package dev.orchestrator.pki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code token create} and {@code token list}: bootstrap tokens as Kubernetes (and kubeadm) keep them, Secrets of
 * type {@code bootstrap.kubernetes.io/token} in {@code kube-system}, written and read with the admin's certificate.
 * {@code create} prints the token and the {@code ./orch join} line that uses it with the CA's hash.
 */
final class BootstrapTokenCommands {

    static final String TYPE = "bootstrap.kubernetes.io/token";
    private static final String SECRETS = "/api/v1/namespaces/kube-system/secrets";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern TTL = Pattern.compile("(\\d+)(s|m|h|d)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private BootstrapTokenCommands() {
    }

    /** {@code token-create --dir PKI --server URL [--ttl 24h] [--description TEXT]}: prints the token (stdout). */
    static String create(Arguments arguments, PrintStream out) throws IOException, GeneralSecurityException {
        Duration ttl = ttl(arguments.single("ttl", "24h"));
        String id = random(6);
        String secret = random(16);
        String server = arguments.required("server");
        ObjectNode body = ApiConnection.JSON.createObjectNode();
        body.put("apiVersion", "v1").put("kind", "Secret").put("type", TYPE);
        body.putObject("metadata").put("name", "bootstrap-token-" + id).put("namespace", "kube-system");
        ObjectNode data = body.putObject("stringData");
        data.put("token-id", id).put("token-secret", secret)
                .put("expiration", Instant.now().plus(ttl).truncatedTo(ChronoUnit.SECONDS).toString())
                .put("usage-bootstrap-authentication", "true").put("usage-bootstrap-signing", "true")
                .put("auth-extra-groups", "system:bootstrappers:orchestrator:default-node-token")
                .put("description", arguments.single("description", "made by ./orch token create"));
        ApiConnection.Answer answer = ApiConnection.admin(server, arguments.dir()).post(SECRETS, body);
        if (answer.code() != 201) {
            throw new IOException("the API server refused the token (" + answer.code() + "): " + answer.message());
        }
        String token = id + "." + secret;
        out.println(token);
        System.err.println("join a node with: ./orch join --server " + server + " --token " + token
                + " --discovery-token-ca-cert-hash " + CaPin.of(PemFiles.readCertificate(
                arguments.dir().resolve(CertificateAuthority.CERT_FILE))));
        return token;
    }

    /** {@code token-list --dir PKI --server URL}: TOKEN-ID, EXPIRES and USAGES of each bootstrap token. */
    static void list(Arguments arguments, PrintStream out) throws IOException, GeneralSecurityException {
        ApiConnection.Answer answer = ApiConnection.admin(arguments.required("server"), arguments.dir())
                .get(SECRETS + "?fieldSelector=type%3D" + TYPE.replace("/", "%2F"));
        if (answer.code() != 200) {
            throw new IOException("cannot list the tokens (" + answer.code() + "): " + answer.message());
        }
        out.printf("%-8s %-22s %s%n", "TOKEN-ID", "EXPIRES", "USAGES");
        for (JsonNode secret : answer.body().path("items")) {
            if (!TYPE.equals(secret.path("type").asText())) {
                continue;
            }
            JsonNode data = secret.path("data");
            StringBuilder usages = new StringBuilder();
            data.fieldNames().forEachRemaining(k -> {
                if (k.startsWith("usage-bootstrap-") && "true".equals(decode(data.path(k)))) {
                    usages.append(usages.isEmpty() ? "" : ",").append(k.substring("usage-bootstrap-".length()));
                }
            });
            String expires = decode(data.path("expiration"));
            out.printf("%-8s %-22s %s%n", decode(data.path("token-id")), expires.isEmpty() ? "<forever>" : expires, usages);
        }
    }

    static Duration ttl(String text) {
        Matcher m = TTL.matcher(text);
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("--ttl must be a positive number with s, m, h or d (e.g. 24h), not " + text);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    private static String random(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static String decode(JsonNode value) {
        return value.isTextual() ? new String(Base64.getDecoder().decode(value.asText()), StandardCharsets.UTF_8) : "";
    }
}
