package dev.orchestrator.apiserver.internal.encryption;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.spec.SecretKeySpec;

/**
 * An AES provider with one named key: values stored as {@code k8s:enc:<provider>:v1:<key name>:} followed by what
 * the mode makes of the value (with a fresh random IV or nonce each time). The ciphers are the JDK's.
 */
abstract class AesProvider implements EncryptionProvider {

    private final String providerName;
    private final String keyName;
    private final byte[] prefix;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    AesProvider(String providerName, String keyName, byte[] secret) {
        this.providerName = providerName;
        this.keyName = keyName;
        this.prefix = (ENCRYPTED_MARKER + providerName + ":v1:" + keyName + ":").getBytes(StandardCharsets.UTF_8);
        this.key = new SecretKeySpec(secret, "AES");
    }

    /** The mode's output for {@code plain}: IV or nonce first, then the ciphertext. */
    abstract byte[] seal(SecretKeySpec key, byte[] plain, byte[] storeKey) throws GeneralSecurityException;

    /** The plain value of what {@link #seal} produced. */
    abstract byte[] open(SecretKeySpec key, byte[] sealed, byte[] storeKey) throws GeneralSecurityException;

    @Override
    public final String description() {
        return providerName + " key \"" + keyName + "\"";
    }

    @Override
    public final boolean reads(byte[] stored) {
        return EncryptionProvider.startsWith(stored, prefix);
    }

    @Override
    public final byte[] toStorage(String storeKey, byte[] plain) {
        byte[] sealed;
        try {
            sealed = seal(key, plain, storeKey.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            // the key's length was checked when the configuration was read; every JDK has AES
            throw new IllegalStateException("cannot encrypt with " + description() + ": " + e, e);
        }
        byte[] stored = Arrays.copyOf(prefix, prefix.length + sealed.length);
        System.arraycopy(sealed, 0, stored, prefix.length, sealed.length);
        return stored;
    }

    @Override
    public final byte[] fromStorage(String storeKey, byte[] stored) throws GeneralSecurityException {
        return open(key, Arrays.copyOfRange(stored, prefix.length, stored.length), storeKey.getBytes(StandardCharsets.UTF_8));
    }

    final byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
