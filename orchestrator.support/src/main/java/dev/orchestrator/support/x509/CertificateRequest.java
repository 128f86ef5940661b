package dev.orchestrator.support.x509;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/**
 * A PKCS#10 certificate signing request, read from its PEM form ({@code -----BEGIN CERTIFICATE REQUEST-----}) with
 * its self-signature verified: the subject (as DER, and its common name and organizations) and the public key.
 * What a CertificateSigningRequest's {@code spec.request} holds; the API server validates it, the signer signs it.
 */
public final class CertificateRequest {

    private static final String BEGIN = "-----BEGIN CERTIFICATE REQUEST-----";
    private static final String END = "-----END CERTIFICATE REQUEST-----";
    private static final Map<String, String> SIGNATURES = Map.of(
            "1.2.840.113549.1.1.11", "SHA256withRSA", "1.2.840.113549.1.1.12", "SHA384withRSA",
            "1.2.840.113549.1.1.13", "SHA512withRSA", "1.2.840.10045.4.3.2", "SHA256withECDSA",
            "1.2.840.10045.4.3.3", "SHA384withECDSA", "1.2.840.10045.4.3.4", "SHA512withECDSA",
            "1.3.101.112", "Ed25519");
    private static final Map<String, String> KEYS = Map.of("1.2.840.113549.1.1.1", "RSA", "1.2.840.10045.2.1", "EC",
            "1.3.101.112", "Ed25519");
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String ORGANIZATION = "2.5.4.10";

    private final byte[] subject;
    private final byte[] subjectPublicKeyInfo;
    private final PublicKey publicKey;
    private final String commonName;
    private final List<String> organizations;

    private CertificateRequest(byte[] subject, byte[] subjectPublicKeyInfo, PublicKey publicKey, String commonName,
                               List<String> organizations) {
        this.subject = subject;
        this.subjectPublicKeyInfo = subjectPublicKeyInfo;
        this.publicKey = publicKey;
        this.commonName = commonName;
        this.organizations = List.copyOf(organizations);
    }

    /**
     * Reads the first request of a PEM text.
     *
     * @throws IllegalArgumentException with a reason when it holds no request block, the request cannot be read,
     *                                  or its signature does not verify
     */
    public static CertificateRequest parsePem(byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("PEM block type must be CERTIFICATE REQUEST");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block is not base64");
        }
        return parseDer(der);
    }

    /**
     * A request for {@code subject}'s certificate of {@code key}'s public key, signed with its private key (EC keys
     * with SHA256withECDSA, RSA keys with SHA256withRSA), in PEM.
     */
    public static byte[] pem(KeyPair key, X500Principal subject) throws GeneralSecurityException {
        boolean rsa = "RSA".equals(key.getPrivate().getAlgorithm());
        byte[] info = Der.sequence(Der.integer(java.math.BigInteger.ZERO), subject.getEncoded(),
                key.getPublic().getEncoded(), Der.element(0xa0));
        Signature signer = Signature.getInstance(rsa ? "SHA256withRSA" : "SHA256withECDSA");
        signer.initSign(key.getPrivate());
        signer.update(info);
        byte[] algorithm = rsa ? Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.element(Der.NULL))
                : Der.sequence(Der.oid("1.2.840.10045.4.3.2"));
        byte[] der = Der.sequence(info, algorithm, Der.bitString(signer.sign()));
        return (BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der) + "\n" + END + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static CertificateRequest parseDer(byte[] der) {
        try {
            List<Der.Element> request = Der.readWhole(der).children();
            List<Der.Element> info = request.get(0).children();
            Der.Element subject = info.get(1);
            Der.Element spki = info.get(2);
            String keyOid = Der.oidText(spki.children().get(0).children().get(0).content());
            String keyAlgorithm = KEYS.get(keyOid);
            if (keyAlgorithm == null) {
                throw new IllegalArgumentException("unsupported public key algorithm " + keyOid);
            }
            PublicKey key = KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(spki.encoded()));
            String signatureOid = Der.oidText(request.get(1).children().get(0).content());
            String signatureAlgorithm = SIGNATURES.get(signatureOid);
            if (signatureAlgorithm == null) {
                throw new IllegalArgumentException("unsupported signature algorithm " + signatureOid);
            }
            byte[] bits = request.get(2).content();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(key);
            verifier.update(request.get(0).encoded());
            if (!verifier.verify(java.util.Arrays.copyOfRange(bits, 1, bits.length))) {
                throw new IllegalArgumentException("the request's signature does not verify");
            }
            List<String> organizations = new ArrayList<>();
            String commonName = null;
            for (Der.Element rdn : subject.children()) {
                for (Der.Element attribute : rdn.children()) {
                    List<Der.Element> pair = attribute.children();
                    String type = Der.oidText(pair.get(0).content());
                    String value = new String(pair.get(1).content(), StandardCharsets.UTF_8);
                    if (COMMON_NAME.equals(type)) {
                        commonName = value;
                    } else if (ORGANIZATION.equals(type)) {
                        organizations.add(value);
                    }
                }
            }
            return new CertificateRequest(subject.encoded(), spki.encoded(), key, commonName, organizations);
        } catch (GeneralSecurityException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("not a certificate request: " + e.getMessage());
        }
    }

    /** The subject's common name; null when it has none. */
    public String commonName() {
        return commonName;
    }

    /** The subject's organizations, in order. */
    public List<String> organizations() {
        return organizations;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    byte[] subject() {
        return subject.clone();
    }

    byte[] subjectPublicKeyInfo() {
        return subjectPublicKeyInfo.clone();
    }
}
