package dev.orchestrator.apiserver.internal.encryption;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kubernetes' {@code aesgcm} provider: AES-GCM with a random 12-byte nonce stored before the ciphertext and a
 * 16-byte tag after it. The store key is authenticated with the value (as Kubernetes authenticates the etcd key), so
 * a value copied under another key does not decrypt. Random nonces make a key safe for about 2^32 writes: rotate it
 * well before that (Kubernetes' advice: every 200,000 writes).
 */
final class AesGcmProvider extends AesProvider {

    static final String NAME = "aesgcm";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    AesGcmProvider(String keyName, byte[] secret) {
        super(NAME, keyName, secret);
    }

    @Override
    byte[] seal(SecretKeySpec key, byte[] plain, byte[] storeKey) throws GeneralSecurityException {
        byte[] nonce = randomBytes(NONCE_BYTES);
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(storeKey);
        return concat(nonce, cipher.doFinal(plain));
    }

    @Override
    byte[] open(SecretKeySpec key, byte[] sealed, byte[] storeKey) throws GeneralSecurityException {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("the stored value is shorter than a nonce and a tag (" + sealed.length
                    + " bytes after the prefix)");
        }
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
        cipher.updateAAD(storeKey);
        return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }
}
