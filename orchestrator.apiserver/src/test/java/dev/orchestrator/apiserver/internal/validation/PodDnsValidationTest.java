package dev.orchestrator.apiserver.internal.validation;

import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertError;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertValid;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.errors;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.with;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** spec.dnsPolicy and spec.dnsConfig of pods and pod templates, one row per rule. */
class PodDnsValidationTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/spec/dnsConfig|{'nameservers':['10.96.0.10'],'searches':['corp.example','lab.example.'],'options':[{'name':'ndots','value':'2'},{'name':'edns0'}]}",
            "/spec/dnsConfig|{}",
            "/spec/dnsPolicy|'Default'",
            "/spec/dnsPolicy|'ClusterFirstWithHostNet'",
            "/spec|{'containers':[{'name':'web','image':'nginx','imagePullPolicy':'Always','terminationMessagePolicy':'File'}],'restartPolicy':'Always','dnsPolicy':'None','dnsConfig':{'nameservers':['192.0.2.1','2001:db8::1']}}",
    })
    void validSettingsPass(String pointer, String value) {
        assertValid(errors(with(PodValidationTest.POD, pointer, value), PodValidation::validate));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/spec/dnsPolicy|'None'|spec.dnsConfig|Required value: must provide `dnsConfig` when `dnsPolicy` is None",
            "/spec/dnsPolicy|''|spec.dnsPolicy|Required value",
            "/spec/dnsConfig|{'nameservers':['1.2.3.4','1.2.3.5','1.2.3.6','1.2.3.7']}|spec.dnsConfig.nameservers|must not have more than 3 nameservers",
            "/spec/dnsConfig|{'nameservers':['1.2.3.c']}|spec.dnsConfig.nameservers[0]|Invalid value: \"1.2.3.c\": must be a valid IP address",
            "/spec/dnsConfig|{'searches':['s0.example','s1.example','s2.example','s3.example','s4.example','s5.example','s6.example','s7.example','s8.example','s9.example','s10.example','s11.example','s12.example','s13.example','s14.example','s15.example','s16.example','s17.example','s18.example','s19.example','s20.example','s21.example','s22.example','s23.example','s24.example','s25.example','s26.example','s27.example','s28.example','s29.example','s30.example','s31.example','s32.example']}|spec.dnsConfig.searches|must not have more than 32 search paths",
            "/spec/dnsConfig|{'searches':['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.example','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.example','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.example','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.example','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.example','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.example','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.example','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.example','aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc.dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd.example']}|spec.dnsConfig.searches|must not have more than 2048 characters (including spaces) in the search list",
            "/spec/dnsConfig|{'searches':['Bad_Domain']}|spec.dnsConfig.searches[0]|Invalid value: \"Bad_Domain\": a lowercase RFC 1123 subdomain",
            "/spec/dnsConfig|{'options':[{'value':'2'}]}|spec.dnsConfig.options[0]|Required value: must not be empty",
    })
    void invalidSettingsNameTheirField(String pointer, String value, String field, String message) {
        assertError(errors(with(PodValidationTest.POD, pointer, value), PodValidation::validate), field, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "{}|spec.dnsConfig.nameservers|Required value: must provide at least one DNS nameserver when `dnsPolicy` is None",
            "{'nameservers':[]}|spec.dnsConfig.nameservers|Required value: must provide at least one DNS nameserver",
    })
    void policyNoneNeedsANameserver(String config, String field, String message) {
        var pod = with(with(PodValidationTest.POD, "/spec/dnsPolicy", "'None'"), "/spec/dnsConfig", config);
        assertError(errors(pod, PodValidation::validate), field, message);
    }
}
