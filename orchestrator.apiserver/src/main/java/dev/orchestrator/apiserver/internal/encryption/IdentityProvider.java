package dev.orchestrator.apiserver.internal.encryption;

import java.nio.charset.StandardCharsets;

/**
 * Kubernetes' {@code identity} provider: values stored as they are. First in a list it turns encryption off for new
 * writes; later in a list it reads what was stored before encryption was switched on. It never reads an encrypted
 * value, so that one listed before an AES provider (to decrypt everything on the next rewrite) hands those on.
 */
enum IdentityProvider implements EncryptionProvider {
    INSTANCE;

    static final String NAME = "identity";
    private static final byte[] MARKER = ENCRYPTED_MARKER.getBytes(StandardCharsets.US_ASCII);

    @Override
    public String description() {
        return NAME;
    }

    @Override
    public boolean reads(byte[] stored) {
        return !EncryptionProvider.startsWith(stored, MARKER);
    }

    @Override
    public byte[] toStorage(String storeKey, byte[] plain) {
        return plain;
    }

    @Override
    public byte[] fromStorage(String storeKey, byte[] stored) {
        return stored;
    }
}
