package dev.orchestrator.pki;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The certificates of a cluster, made by {@code ./orch}:
 * <pre>
 * init --dir PKI --server URL --kubeconfig FILE [--host NAME]... [--ip ADDRESS]... [--service-ip ADDRESS]
 *      [--node-name NAME]
 *     the CA, the API server's serving certificate (loopback, this machine's addresses, kubernetes.default.svc…),
 *     the key that signs ServiceAccount tokens (sa.key),
 *     the admin's client certificate (group system:masters) in the kubeconfig FILE, the control plane's own
 *     in PKI/control-plane.kubeconfig, the API server's client certificate to kubelets
 *     (PKI/apiserver-kubelet-client.crt and .key), and the components' own in PKI/scheduler.kubeconfig,
 *     PKI/controller-manager.kubeconfig, PKI/kube-proxy.kubeconfig and (with --node-name NAME) PKI/node.kubeconfig; what exists and still serves is
 *     kept
 * kubeconfig --dir PKI --server URL --user NAME [--group GROUP]... [--days N] [--out FILE]
 *     a client certificate for a user, signed by the CA, in a kubeconfig (standard output without --out)
 * token-create --dir PKI --server URL [--ttl 24h] [--description TEXT]
 *     a bootstrap token (a Secret of kube-system, made with the admin's certificate), printed with its join line
 * token-list --dir PKI --server URL
 *     the bootstrap tokens
 * ca-hash --dir PKI
 *     sha256:HEX of the CA's public key, as --discovery-token-ca-cert-hash takes it
 * join --server URL --token ID.SECRET (--discovery-token-ca-cert-hash sha256:HEX | --ca-cert FILE) --node-name NAME
 *      --out KUBECONFIG [--timeout-seconds 120]
 *     a node's TLS bootstrap: its own key and a client certificate system:node:NAME signed through a
 *     CertificateSigningRequest made with the token, written as its kubeconfig
 * </pre>
 */
public final class PkiTool {

    static final String ADMIN_USER = "kubernetes-admin";
    static final String CONTROL_PLANE_USER = "system:orchestrator:control-plane";
    static final String MASTERS = "system:masters";
    /** Who the API server is to kubelets (logs, exec, stats): bound to system:kubelet-api-admin. */
    static final String KUBELET_CLIENT_USER = "kube-apiserver-kubelet-client";
    static final String KUBELET_CLIENT_FILE = "apiserver-kubelet-client";
    private static final Duration SERVING_VALIDITY = Duration.ofDays(365);
    private static final Duration CLIENT_VALIDITY = Duration.ofDays(365);

    private PkiTool() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (IllegalArgumentException | IOException | GeneralSecurityException e) {
            System.err.println("orchestrator.pki: " + e.getMessage());
            System.exit(2);
        }
    }

    /** One command, as {@link #main} runs it, for callers in the same JVM (tests). */
    public static void run(String... args) throws IOException, GeneralSecurityException {
        Arguments arguments = Arguments.parse(args);
        switch (arguments.command()) {
            case "init" -> init(arguments);
            case "kubeconfig" -> userKubeconfig(arguments);
            case "token-create" -> BootstrapTokenCommands.create(arguments, System.out);
            case "token-list" -> BootstrapTokenCommands.list(arguments, System.out);
            case "ca-hash" -> System.out.println(CaPin.of(PemFiles.readCertificate(
                    arguments.dir().resolve(CertificateAuthority.CERT_FILE))));
            case "join" -> JoinCommand.run(arguments);
            default -> throw new IllegalArgumentException("unknown command " + arguments.command()
                    + " (init, kubeconfig, token-create, token-list, ca-hash or join)");
        }
    }

    static void init(Arguments arguments) throws IOException, GeneralSecurityException {
        Path dir = arguments.dir();
        String server = arguments.required("server");
        Path kubeconfig = Path.of(arguments.required("kubeconfig"));
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        boolean newCa = !Files.exists(dir.resolve(CertificateAuthority.CERT_FILE));
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "orchestrator-ca");
        if (newCa) {
            System.err.println("made the cluster CA " + dir.resolve(CertificateAuthority.CERT_FILE));
        }
        CertificateProfile serving = CertificateProfile.server("orchestrator-apiserver", dnsNames(arguments),
                ipAddresses(arguments), SERVING_VALIDITY);
        KeptCertificate.Result apiserver = KeptCertificate.ensure(dir, "apiserver", ca, serving);
        if (apiserver.issued()) {
            System.err.println("issued the API server's certificate for " + String.join(", ", serving.dnsNames()) + ", "
                    + String.join(", ", serving.ipAddresses()));
        }
        Path serviceAccountKey = dir.resolve("sa.key");
        if (!Files.exists(serviceAccountKey)) {
            PemFiles.writeKey(serviceAccountKey, CertificateAuthority.newKeyPair().getPrivate());
        }
        KeptCertificate.Result admin = KeptCertificate.ensure(dir, "admin", ca,
                CertificateProfile.client(ADMIN_USER, List.of(MASTERS), CLIENT_VALIDITY));
        PemFiles.writeSecret(kubeconfig, Kubeconfig.text(server, ca.certificate(), ADMIN_USER,
                admin.pair().certificate(), admin.pair().key()));
        componentKubeconfig(dir, ca, server, "control-plane", CONTROL_PLANE_USER, List.of(MASTERS));
        KeptCertificate.ensure(dir, KUBELET_CLIENT_FILE, ca,
                CertificateProfile.client(KUBELET_CLIENT_USER, List.of(), CLIENT_VALIDITY));
        componentKubeconfig(dir, ca, server, "scheduler", "system:kube-scheduler", List.of());
        componentKubeconfig(dir, ca, server, "controller-manager", "system:kube-controller-manager", List.of());
        componentKubeconfig(dir, ca, server, "kube-proxy", "system:kube-proxy", List.of());
        String nodeName = arguments.single("node-name", "");
        if (!nodeName.isEmpty()) {
            componentKubeconfig(dir, ca, server, "node", "system:node:" + nodeName, List.of("system:nodes"));
        }
    }

    /**
     * PKI/NAME.kubeconfig with a client certificate for {@code user} (kept in PKI/NAME.crt and .key): what a
     * component of the all-in-one authenticates as, so that it is held to its own role.
     */
    private static void componentKubeconfig(Path dir, CertificateAuthority ca, String server, String name, String user,
                                            List<String> groups) throws IOException, GeneralSecurityException {
        KeptCertificate.Result kept = KeptCertificate.ensure(dir, name, ca,
                CertificateProfile.client(user, groups, CLIENT_VALIDITY));
        PemFiles.writeSecret(dir.resolve(name + ".kubeconfig"), Kubeconfig.text(server, ca.certificate(), user,
                kept.pair().certificate(), kept.pair().key()));
    }

    static void userKubeconfig(Arguments arguments) throws IOException, GeneralSecurityException {
        Path dir = arguments.dir();
        if (!Files.exists(dir.resolve(CertificateAuthority.CERT_FILE))) {
            throw new IOException("no cluster CA in " + dir + " (./orch up makes it on its first start)");
        }
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "orchestrator-ca");
        String user = arguments.required("user");
        if (user.isBlank()) {
            throw new IllegalArgumentException("--user must not be empty");
        }
        long days = Long.parseLong(arguments.single("days", "365"));
        if (days < 1) {
            throw new IllegalArgumentException("--days must be at least 1, not " + days);
        }
        CertificateAuthority.IssuedCertificate issued = ca.issue(
                CertificateProfile.client(user, arguments.all("group"), Duration.ofDays(days)));
        String text = Kubeconfig.text(arguments.required("server"), ca.certificate(), user, issued.certificate(), issued.key());
        String out = arguments.single("out", "");
        if (out.isEmpty()) {
            System.out.write(text.getBytes(StandardCharsets.US_ASCII));
            System.out.flush();
        } else {
            PemFiles.writeSecret(Path.of(out), text);
        }
    }

    private static List<String> dnsNames(Arguments arguments) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "kubernetes", "kubernetes.default",
                "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"));
        names.addAll(arguments.all("host"));
        return new ArrayList<>(names);
    }

    /** Loopback, the service IP of {@code kubernetes.default}, the given addresses and every address of this machine. */
    private static List<String> ipAddresses(Arguments arguments) throws SocketException {
        Set<String> addresses = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        addresses.add(arguments.single("service-ip", "10.96.0.1"));
        addresses.addAll(arguments.all("ip"));
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (!address.isLinkLocalAddress() && !address.isLoopbackAddress()) {
                    String text = address.getHostAddress();
                    addresses.add(address instanceof Inet6Address && text.contains("%") ? text.substring(0, text.indexOf('%')) : text);
                }
            }
        }
        return new ArrayList<>(addresses);
    }
}
