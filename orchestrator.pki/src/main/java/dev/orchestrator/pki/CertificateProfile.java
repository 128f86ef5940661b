package dev.orchestrator.pki;

import java.time.Duration;
import java.util.List;

/**
 * What a certificate to issue says: its subject (common name, organizations: for a client, the user name and
 * groups the API server reads from it), its DNS and IP subject alternative names (for a server), its use and
 * how long it is valid.
 */
record CertificateProfile(String commonName, List<String> organizations, List<String> dnsNames, List<String> ipAddresses,
                          Usage usage, Duration validity) {

    enum Usage { SERVER, CLIENT }

    CertificateProfile {
        organizations = List.copyOf(organizations);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
    }

    static CertificateProfile client(String user, List<String> groups, Duration validity) {
        return new CertificateProfile(user, groups, List.of(), List.of(), Usage.CLIENT, validity);
    }

    static CertificateProfile server(String commonName, List<String> dnsNames, List<String> ipAddresses, Duration validity) {
        return new CertificateProfile(commonName, List.of(), dnsNames, ipAddresses, Usage.SERVER, validity);
    }
}
