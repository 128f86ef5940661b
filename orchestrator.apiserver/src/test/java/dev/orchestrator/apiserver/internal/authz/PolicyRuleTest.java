package dev.orchestrator.apiserver.internal.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rule matching as Kubernetes' RBAC matches, one row per case. */
class PolicyRuleTest {

    /**
     * A rule written {@code verbs|groups|resources|names} (lists comma-free: space separated) against a request
     * {@code verb group resource subresource name}.
     */
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "get|core|pods|; get core pods - -; true",
            "get|core|pods|; list core pods - -; false",
            "*|core|pods|; deletecollection core pods - -; true",
            "get|apps|deployments|; get core deployments - -; false",
            "get|*|deployments|; get apps deployments - -; true",
            "get|core|*|; get core secrets - -; true",
            "get|core|pods|; get core pods log -; false",
            "get|core|pods/log|; get core pods log -; true",
            "get|core|pods/log|; get core pods - -; false",
            "get|*|*/scale|; get apps deployments scale -; true",
            "get|core|*/scale|; get core deployments - -; false",
            "get|core|pods/*|; get core pods log -; false",
            "get|core|*|; get core pods log -; true",
            "get|core|pods|web; get core pods - web; true",
            "get|core|pods|web; get core pods - db; false",
            "list|core|pods|web; list core pods - -; false",
    })
    void resourceRules(String rule, String request, boolean allowed) {
        assertEquals(allowed, parse(rule).allows(request(request)));
    }

    @ParameterizedTest(name = "{0} vs {1} {2} -> {3}")
    @CsvSource({
            "/healthz, get, /healthz, true",
            "/healthz, get, /healthz/etcd, false",
            "/healthz/*, get, /healthz/etcd, true",
            "/apis/*, get, /apis/apps/v1, true",
            "/apis/*, get, /apis, false",
            "*, get, /anything, true",
            "/version, post, /version, false",
    })
    void nonResourceRules(String url, String verb, String path, boolean allowed) {
        PolicyRule rule = PolicyRule.urls(List.of(url), List.of("get"));
        assertEquals(allowed, rule.allows(RequestAttributes.nonResource(verb, path)));
    }

    @ParameterizedTest
    @CsvSource({"get, /api", "get, /healthz"})
    void resourceRulesNeverMatchPaths(String verb, String path) {
        PolicyRule everything = PolicyRule.resources(List.of("*"), List.of("*"), List.of("*"));
        assertEquals(false, everything.allows(RequestAttributes.nonResource(verb, path)));
    }

    static PolicyRule parse(String rule) {
        String[] p = rule.split("\\|", -1);
        PolicyRule r = PolicyRule.resources(List.of(p[1].equals("core") ? "" : p[1]), List.of(p[2].split(" ")),
                List.of(p[0].split(" ")));
        return p[3].isEmpty() ? r : r.named(p[3].split(" "));
    }

    static RequestAttributes request(String request) {
        String[] p = request.trim().split(" ");
        return RequestAttributes.resource(p[0], p[1].equals("core") ? "" : p[1], "v1", p[2], dash(p[3]), "default",
                dash(p[4]));
    }

    private static String dash(String s) {
        return s.equals("-") ? "" : s;
    }
}
