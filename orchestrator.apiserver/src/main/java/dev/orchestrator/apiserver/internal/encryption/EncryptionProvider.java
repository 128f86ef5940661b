package dev.orchestrator.apiserver.internal.encryption;

import java.security.GeneralSecurityException;

/**
 * One entry of a resource's provider list in the encryption configuration: the first entry writes every value of
 * the resource, and each entry reads back the stored values that carry its prefix, so that values written under an
 * older key stay readable while the keys rotate. Implementations are immutable and thread-safe.
 */
interface EncryptionProvider {

    /** What every encrypted value starts with, as Kubernetes writes it: {@code k8s:enc:<provider>:v1:<key name>:}. */
    String ENCRYPTED_MARKER = "k8s:enc:";

    /** How log lines and errors name the provider: {@code aescbc key "key1"}, {@code identity}. */
    String description();

    /** Whether {@code stored} is a value this provider wrote (and so the one to read it). */
    boolean reads(byte[] stored);

    /**
     * The stored form of {@code plain}.
     *
     * @param storeKey the store key the value is written under (authenticated by providers that can)
     */
    byte[] toStorage(String storeKey, byte[] plain);

    /**
     * The plain value of a stored value that {@link #reads} accepted.
     *
     * @throws GeneralSecurityException when it does not decrypt with this provider's key (another secret under the
     *                                  same key name, a damaged value, or a value moved to another store key)
     */
    byte[] fromStorage(String storeKey, byte[] stored) throws GeneralSecurityException;

    /** Whether {@code value} begins with {@code prefix}. */
    static boolean startsWith(byte[] value, byte[] prefix) {
        return value.length >= prefix.length && java.util.Arrays.equals(value, 0, prefix.length, prefix, 0, prefix.length);
    }
}
