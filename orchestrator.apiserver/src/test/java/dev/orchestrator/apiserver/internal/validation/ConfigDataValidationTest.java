package dev.orchestrator.apiserver.internal.validation;

import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertError;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertValid;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.errors;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.json;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.with;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigDataValidationTest {

    static final ObjectNode CONFIG_MAP = json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'settings'},"
            + "'data':{'app.properties':'a=1','LOG_LEVEL':'info'},'binaryData':{'logo.png':'iVBORw0KGgo='}}");
    static final ObjectNode SECRET = json("{'apiVersion':'v1','kind':'Secret','metadata':{'name':'creds'},'type':'Opaque',"
            + "'data':{'username':'YWRtaW4=','password':'czNjcjN0'}}");

    @Test
    void typicalConfigMapAndSecretPass() {
        assertValid(errors(CONFIG_MAP, ConfigDataValidation::validateConfigMap));
        assertValid(errors(SECRET, ConfigDataValidation::validateSecret));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/data/|'x'|data[]|a valid config key must consist of alphanumeric characters",
            "/data/$patch|'x'|data[$patch]|Invalid value: \"$patch\": a valid config key",
            "/data/..|'x'|data[..]|must not be '..'",
            "/data/..hidden|'x'|data[..hidden]|must not start with '..'",
            "/data/logo.png|'x'|data[logo.png]|duplicate of key present in binaryData",
            "/data/logo.png|'x'|binaryData[logo.png]|duplicate of key present in data",
            "/binaryData/raw|'not base64!'|binaryData[raw]|must be base64 encoded"})
    void configMapRules(String pointer, String value, String field, String message) {
        assertError(errors(with(CONFIG_MAP, pointer, value), ConfigDataValidation::validateConfigMap), field, message);
    }

    @Test
    void dataMayTakeAtMostOneMebibyte() {
        ObjectNode big = with(CONFIG_MAP, "/data/big", "'" + "x".repeat(1048576) + "'");
        assertError(errors(big, ConfigDataValidation::validateConfigMap), "", "Too long: must have at most 1048576 bytes");
        ObjectNode bigSecret = with(SECRET, "/data/big", "'" + "A".repeat(1398104) + "'");
        assertError(errors(bigSecret, ConfigDataValidation::validateSecret), "data", "Too long: must have at most 1048576 bytes");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/data/password|'s3cr3t plain'|data[password]|Invalid value: \"<hidden>\": must be base64 encoded",
            "/data/bad key|'eA=='|data[bad key]|a valid config key",
            "/type|'kubernetes.io/tls'|data[tls.crt]|Required value",
            "/type|'kubernetes.io/dockerconfigjson'|data[.dockerconfigjson]|Required value",
            "/type|'kubernetes.io/service-account-token'|metadata.annotations[kubernetes.io/service-account.name]|Required value"})
    void secretRules(String pointer, String value, String field, String message) {
        assertError(errors(with(SECRET, pointer, value), ConfigDataValidation::validateSecret), field, message);
    }

    @Test
    void secretValuesAreNeverEchoed() {
        var found = errors(with(SECRET, "/data/password", "'hunter2 plain'"), ConfigDataValidation::validateSecret);
        assertFalse(found.toString().contains("hunter2"), found.toString());
    }

    @Test
    void secretTypeIsImmutable() {
        assertError(errors(with(SECRET, "/type", "'kubernetes.io/basic-auth'"),
                (s, e) -> ConfigDataValidation.validateSecretUpdate(s, SECRET, e)), "type", "field is immutable");
    }

    @Test
    void immutableDataCannotChange() {
        ObjectNode frozenMap = with(CONFIG_MAP, "/immutable", "true");
        assertValid(errors(with(frozenMap, "/metadata/labels", "{'a':'b'}"),
                (c, e) -> ConfigDataValidation.validateConfigMapUpdate(c, frozenMap, e)));
        assertError(errors(with(frozenMap, "/data/LOG_LEVEL", "'debug'"),
                (c, e) -> ConfigDataValidation.validateConfigMapUpdate(c, frozenMap, e)),
                "data", "Forbidden: field is immutable when `immutable` is set");
        assertError(errors(with(frozenMap, "/binaryData", "<remove>"),
                (c, e) -> ConfigDataValidation.validateConfigMapUpdate(c, frozenMap, e)),
                "binaryData", "field is immutable when `immutable` is set");
        assertError(errors(with(frozenMap, "/immutable", "false"),
                (c, e) -> ConfigDataValidation.validateConfigMapUpdate(c, frozenMap, e)),
                "immutable", "field is immutable when `immutable` is set");
        ObjectNode frozenSecret = with(SECRET, "/immutable", "true");
        assertError(errors(with(frozenSecret, "/data/password", "'eA=='"),
                (s, e) -> ConfigDataValidation.validateSecretUpdate(s, frozenSecret, e)),
                "data", "field is immutable when `immutable` is set");
        assertValid(errors(with(CONFIG_MAP, "/data/LOG_LEVEL", "'debug'"),
                (c, e) -> ConfigDataValidation.validateConfigMapUpdate(c, CONFIG_MAP, e)));
    }
}
