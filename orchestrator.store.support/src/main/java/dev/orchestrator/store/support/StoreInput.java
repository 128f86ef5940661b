package dev.orchestrator.store.support;

import dev.orchestrator.api.store.InvalidKeyException;
import dev.orchestrator.api.store.InvalidValueException;

/** Validation of keys, prefixes and values at the store boundary, shared by every store. */
public final class StoreInput {

    /** Longest key accepted, in characters; longer keys are never produced by the API server. */
    public static final int MAX_KEY_LENGTH = 4096;

    private StoreInput() {
    }

    /** @throws InvalidKeyException unless {@code key} is a path like {@code /registry/pods/ns/name} */
    public static String key(String key) {
        checkPath("key", key);
        if (key.endsWith("/")) {
            throw new InvalidKeyException("key must not end with '/': " + quote(key));
        }
        return key;
    }

    /** @throws InvalidKeyException unless {@code prefix} starts with '/' */
    public static String prefix(String prefix) {
        checkPath("prefix", prefix);
        return prefix;
    }

    /** @throws InvalidValueException when the value is missing, empty or over {@code maxBytes} */
    public static byte[] value(String key, byte[] value, int maxBytes) {
        if (value == null || value.length == 0) {
            throw new InvalidValueException("value for " + quote(key) + " is empty; a store value must hold at least one byte");
        }
        if (value.length > maxBytes) {
            throw new InvalidValueException("value for " + quote(key) + " is " + value.length
                    + " bytes, over the limit of " + maxBytes + " bytes");
        }
        return value;
    }

    /** @throws IllegalArgumentException for a negative revision */
    public static long revision(String what, long revision) {
        if (revision < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, was " + revision);
        }
        return revision;
    }

    private static void checkPath(String what, String path) {
        if (path == null || path.isEmpty()) {
            throw new InvalidKeyException(what + " is empty; it must be a path starting with '/'");
        }
        if (path.charAt(0) != '/') {
            throw new InvalidKeyException(what + " " + quote(path) + " does not start with '/'");
        }
        if (path.length() > MAX_KEY_LENGTH) {
            throw new InvalidKeyException(what + " is " + path.length() + " characters long, over the limit of " + MAX_KEY_LENGTH);
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new InvalidKeyException(what + " " + quote(path) + " holds control character U+"
                        + String.format("%04X", (int) c) + " at index " + i);
            }
        }
    }

    private static String quote(String s) {
        String shown = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
