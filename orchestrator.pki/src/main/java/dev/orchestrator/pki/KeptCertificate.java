package dev.orchestrator.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A certificate and key pair in the PKI directory ({@code <name>.crt}, {@code <name>.key}) that is kept while it
 * still serves and issued again when it does not: missing, signed by another CA, expiring within 30 days, or
 * (for a server) without one of the names it must answer to.
 */
final class KeptCertificate {

    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private KeptCertificate() {
    }

    record Result(CertificateAuthority.IssuedCertificate pair, boolean issued) {
    }

    static Result ensure(Path dir, String name, CertificateAuthority ca, CertificateProfile profile)
            throws IOException, GeneralSecurityException {
        Path certFile = dir.resolve(name + ".crt");
        Path keyFile = dir.resolve(name + ".key");
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            X509Certificate existing = PemFiles.readCertificate(certFile);
            if (stillServes(existing, ca, profile)) {
                return new Result(new CertificateAuthority.IssuedCertificate(existing, PemFiles.readKey(keyFile)), false);
            }
        }
        CertificateAuthority.IssuedCertificate issued = ca.issue(profile);
        PemFiles.writeKey(keyFile, issued.key());
        PemFiles.writeCertificate(certFile, issued.certificate());
        return new Result(issued, true);
    }

    private static boolean stillServes(X509Certificate existing, CertificateAuthority ca, CertificateProfile profile)
            throws IOException, GeneralSecurityException {
        if (!ca.signed(existing) || existing.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
            return false;
        }
        if (!existing.getSubjectX500Principal().equals(CertificateAuthority.subjectOf(profile))) {
            return false;
        }
        Set<String> dnsNames = new HashSet<>();
        Set<InetAddress> addresses = new HashSet<>();
        Collection<List<?>> alternatives = existing.getSubjectAlternativeNames();
        for (List<?> alternative : alternatives == null ? List.<List<?>>of() : alternatives) {
            Object type = alternative.get(0);
            if (Integer.valueOf(2).equals(type)) {
                dnsNames.add(String.valueOf(alternative.get(1)));
            } else if (Integer.valueOf(7).equals(type)) {
                addresses.add(literal(String.valueOf(alternative.get(1))));
            }
        }
        return dnsNames.containsAll(profile.dnsNames())
                && profile.ipAddresses().stream().map(KeptCertificate::literal).allMatch(addresses::contains);
    }

    /** An IP address literal (never a name lookup: the text comes from a certificate or our own list). */
    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByAddress(org.bouncycastle.util.IPAddress.isValid(ip)
                    ? InetAddress.getByName(ip).getAddress() : new byte[0]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }
}
