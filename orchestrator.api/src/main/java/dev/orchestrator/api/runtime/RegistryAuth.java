package dev.orchestrator.api.runtime;

/**
 * Credentials for one registry, as found in an image pull secret ({@code .dockerconfigjson}):
 * user name and password, or the base64 {@code auth} form, or a token. Unused fields are empty.
 */
public record RegistryAuth(String username, String password, String auth, String serverAddress,
                           String identityToken, String registryToken) {

    @Override
    public String toString() {
        return "RegistryAuth[serverAddress=" + serverAddress + ", username=" + username + "]";
    }
}
