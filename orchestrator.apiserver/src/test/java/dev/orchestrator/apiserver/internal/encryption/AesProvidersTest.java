package dev.orchestrator.apiserver.internal.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AesProvidersTest {

    private static final String KEY = "/registry/secrets/default/db";
    private static final byte[] PLAIN = "{\"data\":{\"password\":\"aHVudGVyMg==\"}}".getBytes(StandardCharsets.UTF_8);

    static Stream<AesProvider> providers() {
        return Stream.of(new AesCbcProvider("key1", Keys.random(32)), new AesGcmProvider("key1", Keys.random(16)),
                new AesGcmProvider("key1", Keys.random(24)), new AesGcmProvider("key1", Keys.random(32)));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void roundTripWithKubernetesPrefixAndFreshRandomness(AesProvider provider) throws Exception {
        byte[] first = provider.toStorage(KEY, PLAIN);
        byte[] second = provider.toStorage(KEY, PLAIN);
        String prefix = "k8s:enc:" + (provider instanceof AesCbcProvider ? "aescbc" : "aesgcm") + ":v1:key1:";
        assertTrue(new String(first, StandardCharsets.ISO_8859_1).startsWith(prefix));
        assertFalse(Arrays.equals(first, second), "a fresh IV or nonce each time");
        assertFalse(new String(first, StandardCharsets.ISO_8859_1).contains("aHVudGVyMg=="));
        assertTrue(provider.reads(first));
        assertArrayEquals(PLAIN, provider.fromStorage(KEY, first));
        assertArrayEquals(PLAIN, provider.fromStorage(KEY, second));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void anotherSecretUnderTheSameNameDoesNotDecrypt(AesProvider provider) {
        AesProvider other = provider instanceof AesCbcProvider ? new AesCbcProvider("key1", Keys.random(32))
                : new AesGcmProvider("key1", Keys.random(32));
        byte[] stored = provider.toStorage(KEY, PLAIN);
        assertTrue(other.reads(stored));
        // CBC's padding check lets about 1 in 256 wrong keys through; never with the same bytes back
        try {
            assertFalse(Arrays.equals(PLAIN, other.fromStorage(KEY, stored)));
        } catch (GeneralSecurityException expected) {
            // the usual outcome
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void damagedOrTruncatedValuesFail(AesProvider provider) {
        byte[] stored = provider.toStorage(KEY, PLAIN);
        byte[] truncated = Arrays.copyOf(stored, "k8s:enc:aescbc:v1:key1:".length() + 5);
        assertThrows(GeneralSecurityException.class, () -> provider.fromStorage(KEY, truncated));
        if (provider instanceof AesGcmProvider) {
            byte[] flipped = stored.clone();
            flipped[flipped.length - 20] ^= 1;
            assertThrows(GeneralSecurityException.class, () -> provider.fromStorage(KEY, flipped));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void gcmBindsTheValueToItsStoreKey(AesProvider provider) throws Exception {
        byte[] stored = provider.toStorage(KEY, PLAIN);
        if (provider instanceof AesGcmProvider) {
            assertThrows(GeneralSecurityException.class,
                    () -> provider.fromStorage("/registry/secrets/default/other", stored));
        } else {
            assertArrayEquals(PLAIN, provider.fromStorage("/registry/secrets/default/other", stored));
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void readsOnlyItsOwnPrefix(AesProvider provider) {
        assertFalse(provider.reads(PLAIN));
        assertFalse(provider.reads(new AesCbcProvider("key2", Keys.random(32)).toStorage(KEY, PLAIN)));
        assertFalse(IdentityProvider.INSTANCE.reads(provider.toStorage(KEY, PLAIN)));
        assertTrue(IdentityProvider.INSTANCE.reads(PLAIN));
    }
}
