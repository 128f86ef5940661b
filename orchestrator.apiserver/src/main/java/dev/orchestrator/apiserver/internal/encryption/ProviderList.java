package dev.orchestrator.apiserver.internal.encryption;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * The ordered providers of one rule of the configuration: the first one writes; a stored value is read by the
 * provider whose prefix it carries (identity: no {@code k8s:enc:} prefix), wherever that provider is in the list.
 * Key rotation is therefore: put the new key first (the old one stays listed), rewrite every object, drop the old key.
 */
record ProviderList(List<EncryptionProvider> providers) {

    ProviderList {
        providers = List.copyOf(providers);
        if (providers.isEmpty()) {
            throw new IllegalArgumentException("a provider list needs at least one provider");
        }
    }

    /** The provider that writes. */
    EncryptionProvider writer() {
        return providers.get(0);
    }

    byte[] toStorage(String storeKey, byte[] plain) {
        return writer().toStorage(storeKey, plain);
    }

    /** @throws UnreadableValueException when no listed provider wrote {@code stored}, or it does not decrypt */
    byte[] fromStorage(String storeKey, byte[] stored) {
        for (EncryptionProvider provider : providers) {
            if (provider.reads(stored)) {
                try {
                    return provider.fromStorage(storeKey, stored);
                } catch (GeneralSecurityException e) {
                    throw new UnreadableValueException("the stored value of " + storeKey + " does not decrypt with "
                            + provider.description() + " (" + e.getMessage() + "): is that key's secret the one it "
                            + "was written with?", e);
                }
            }
        }
        throw new UnreadableValueException("the stored value of " + storeKey + " " + writtenBy(stored)
                + ", which the encryption configuration does not list for this resource; add it to the resource's "
                + "providers to read the value");
    }

    /** Which provider and key wrote {@code stored}, as far as its prefix tells. */
    static String writtenBy(byte[] stored) {
        String head = new String(stored, 0, Math.min(stored.length, 300), StandardCharsets.UTF_8);
        if (!head.startsWith(EncryptionProvider.ENCRYPTED_MARKER)) {
            return "is not encrypted (identity)";
        }
        String[] parts = head.substring(EncryptionProvider.ENCRYPTED_MARKER.length()).split(":", 4);
        if (parts.length < 4) {
            return "starts with " + EncryptionProvider.ENCRYPTED_MARKER + " but has no provider and key name";
        }
        return "was written with " + parts[0] + " key \"" + parts[2] + "\"";
    }

    @Override
    public String toString() {
        return providers.stream().map(EncryptionProvider::description).toList().toString();
    }
}
