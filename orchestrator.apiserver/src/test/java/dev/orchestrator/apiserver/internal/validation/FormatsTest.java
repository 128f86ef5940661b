package dev.orchestrator.apiserver.internal.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FormatsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "1|1", "500m|0.5", "1.5Gi|1610612736", "2Ki|2048", "100M|100000000", "1e3|1000", "1E-3|0.001",
            "+5|5", "-1|-1", ".5|0.5", "5.|5", "10n|0.00000001", "3u|0.000003", "1k|1000", "1Ei|1152921504606846976"})
    void quantitiesParseToTheirExactValue(String text, String value) {
        assertEquals(0, Quantity.parse(text).orElseThrow().compareTo(new BigDecimal(value)), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1KB", "1 Gi", "Mi", "1.2.3", "1e", "1ki", "--1", ".", "1Gi ", "1e1.5"})
    void malformedQuantitiesAreRejected(String text) {
        assertEquals(Optional.empty(), Quantity.parse(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "2001:db8::ffff", "fe80::1",
            "::ffff:10.1.2.3", "1:2:3:4:5:6:7:8", "::"})
    void validIps(String ip) {
        assertTrue(Networks.isIP(ip), ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0", "10.0.0.256", "a.b.c.d", "1:2:3:4:5:6:7:8:9", "1::2::3", "example.com",
            "10.0.0.1/24", "gggg::1"})
    void invalidIps(String ip) {
        assertFalse(Networks.isIP(ip), ip);
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '^', value = {"10.244.0.0/24,true", "2001:db8::/64,true", "10.0.0.0/33,false", "10.0.0.0,false", "x/8,false"})
    void cidrs(String cidr, boolean valid) {
        assertEquals(valid, Networks.isCIDR(cidr), cidr);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "http|", "h2c-x|", "80|must contain at least one letter (a-z)",
            "a--b|must not contain consecutive hyphens", "-web|must not begin or end with a hyphen",
            "Web|must contain only alpha-numeric characters", "abcdefghijklmnop|must be no more than 15 characters"})
    void portNames(String name, String problem) {
        List<String> problems = NameFormats.portName(name);
        if (problem == null) {
            assertEquals(List.of(), problems);
        } else {
            assertTrue(problems.stream().anyMatch(p -> p.contains(problem)), problems.toString());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "app|", "example.com/app|", "a/b/c|a qualified name must consist", "/x|prefix part must be non-empty",
            "Bad_Prefix/x|prefix part a lowercase RFC 1123 subdomain", "x/|name part must be non-empty",
            "-x|name part must consist of alphanumeric characters"})
    void qualifiedNames(String name, String problem) {
        List<String> problems = NameFormats.qualifiedName(name);
        if (problem == null) {
            assertEquals(List.of(), problems);
        } else {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(problem)), problems.toString());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "key.name|", "KEY_NAME|", ".|must not be '.'", "..|must not be '..'", "..data|must not start with '..'",
            "a b|a valid config key must consist of alphanumeric characters", "$patch|a valid config key"})
    void configKeys(String key, String problem) {
        List<String> problems = NameFormats.configKey(key);
        if (problem == null) {
            assertEquals(List.of(), problems);
        } else {
            assertTrue(problems.stream().anyMatch(p -> p.startsWith(problem)), problems.toString());
        }
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '^', value = {"MY_VAR,true", "my.var-1,true", "1ABC,true", "A=B,false", "A\u007fB,false"})
    void envVarNamesArePrintableAsciiWithoutEquals(String name, boolean valid) {
        assertEquals(valid, NameFormats.envVarName(name).isEmpty(), name);
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '^', value = {"my-svc,true", "1svc,false", "svc-,false"})
    void dns1035LabelsStartWithALetter(String name, boolean valid) {
        assertEquals(valid, NameFormats.dns1035Label(name).isEmpty(), name);
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '^', value = {"a,", "a/b,may not contain '/'", "..,may not be '..'", "50%,may not contain '%'"})
    void pathSegmentNames(String name, String problem) {
        List<String> problems = NameFormats.pathSegmentName(name);
        assertEquals(problem == null ? List.of() : List.of(problem), problems);
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '^', value = {"spec.containers[1].name", "data[key]"})
    void fieldPathsPrintAsKubernetesDoes(String expected) {
        FieldPath p = expected.startsWith("spec") ? FieldPath.root("spec").child("containers").index(1).child("name")
                : FieldPath.root("data").key("key");
        assertEquals(expected, p.toString());
    }
}
