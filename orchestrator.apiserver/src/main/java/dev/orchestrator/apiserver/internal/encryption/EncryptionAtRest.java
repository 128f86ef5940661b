package dev.orchestrator.apiserver.internal.encryption;

import dev.orchestrator.api.store.Store;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the API server turns encryption at rest on: the framework property {@value #CONFIG_PROPERTY} names an
 * {@code EncryptionConfiguration} file (Kubernetes' {@code --encryption-provider-config}). A launch property rather
 * than a Configuration Admin configuration on purpose: configurations arrive asynchronously, after the API server may
 * have written plain values already. The file is read at every activation of the API server (a new store included).
 */
public final class EncryptionAtRest {

    /** The framework (or system) property naming the configuration file; unset: values are stored as they are. */
    public static final String CONFIG_PROPERTY = "orchestrator.encryption.config";

    private static final Logger LOG = LoggerFactory.getLogger(EncryptionAtRest.class);

    private EncryptionAtRest() {
    }

    /**
     * The store the API server must use: {@code store} itself when {@code configFile} is null, else one that
     * encrypts as the file says.
     *
     * @throws IllegalStateException (after an error log line naming the file and the problem) when the file is
     *                               missing, unreadable or invalid: the API server must not start then, since it
     *                               would write plain text or fail to read what is stored
     */
    public static Store protect(Store store, String configFile) {
        if (configFile == null) {
            LOG.info("encryption at rest is off: the property {} names no configuration file", CONFIG_PROPERTY);
            return store;
        }
        EncryptionConfiguration config;
        try {
            config = read(configFile);
        } catch (IllegalArgumentException e) {
            String problem = "the encryption configuration " + configFile + " (" + CONFIG_PROPERTY + ") cannot be used: "
                    + e.getMessage();
            LOG.error("API server not started: {}", problem);
            throw new IllegalStateException(problem);
        }
        LOG.info("encryption at rest on: file={} rules=[{}]", configFile, config);
        return new EncryptedStore(store, config);
    }

    private static EncryptionConfiguration read(String configFile) {
        if (configFile.isBlank()) {
            throw new IllegalArgumentException("the property is set but empty");
        }
        byte[] content;
        try {
            content = Files.readAllBytes(Path.of(configFile));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the file does not exist");
        } catch (AccessDeniedException e) {
            throw new IllegalArgumentException("the file cannot be read (permission denied)");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("the file cannot be read: " + e);
        }
        return EncryptionConfigFile.parse(content);
    }
}
