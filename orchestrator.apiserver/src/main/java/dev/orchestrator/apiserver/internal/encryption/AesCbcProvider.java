package dev.orchestrator.apiserver.internal.encryption;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kubernetes' {@code aescbc} provider: AES-CBC with PKCS#7 padding and a random 16-byte IV stored before the
 * ciphertext. CBC does not authenticate: a wrong secret under the right key name usually fails on the padding, and
 * otherwise yields bytes that are no JSON object, which the API server refuses to serve.
 */
final class AesCbcProvider extends AesProvider {

    static final String NAME = "aescbc";
    /** Kubernetes takes 32-byte keys only for AES-CBC. */
    static final int KEY_BYTES = 32;
    private static final int BLOCK = 16;
    private static final String TRANSFORMATION = "AES/CBC/PKCS5Padding"; // the JDK's name for PKCS#7 on AES blocks

    AesCbcProvider(String keyName, byte[] secret) {
        super(NAME, keyName, secret);
    }

    @Override
    byte[] seal(SecretKeySpec key, byte[] plain, byte[] storeKey) throws GeneralSecurityException {
        byte[] iv = randomBytes(BLOCK);
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(iv));
        return concat(iv, cipher.doFinal(plain));
    }

    @Override
    byte[] open(SecretKeySpec key, byte[] sealed, byte[] storeKey) throws GeneralSecurityException {
        if (sealed.length < 2 * BLOCK || sealed.length % BLOCK != 0) {
            throw new GeneralSecurityException("the stored value is not an IV and whole AES blocks (" + sealed.length
                    + " bytes after the prefix)");
        }
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(sealed, 0, BLOCK));
        return cipher.doFinal(sealed, BLOCK, sealed.length - BLOCK);
    }
}
