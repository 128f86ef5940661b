package dev.orchestrator.support.x509;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * A certificate's subject as Kubernetes reads a client's: the common name is the user (null when there is none),
 * the organizations are the groups.
 */
public record CertificateSubject(String commonName, List<String> organizations) {

    public CertificateSubject {
        organizations = List.copyOf(organizations);
    }

    /** @throws IllegalArgumentException when the subject cannot be read */
    public static CertificateSubject of(X509Certificate certificate) {
        String name = null;
        List<String> organizations = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    name = String.valueOf(rdn.getValue());
                } else if ("O".equalsIgnoreCase(rdn.getType())) {
                    organizations.add(String.valueOf(rdn.getValue()));
                }
            }
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException("the certificate's subject cannot be read: " + e.getMessage(), e);
        }
        return new CertificateSubject(name == null || name.isEmpty() ? null : name, organizations);
    }
}
