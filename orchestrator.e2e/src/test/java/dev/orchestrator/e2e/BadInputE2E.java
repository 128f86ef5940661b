package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A corpus of malformed requests: each must get a 4xx {@code Status} whose message names
 * the problem, and none may change the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BadInputE2E {

    private record Case(String method, String path, String contentType, byte[] body, int code, String reason,
                        String messagePart) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private AllInOne cluster;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        cluster = AllInOne.start(false);
        send("POST", "/api/v1/namespaces", "application/json",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"bad\"}}".getBytes());
        send("POST", "/api/v1/namespaces/bad/configmaps", "application/json",
                "{\"metadata\":{\"name\":\"existing\"},\"data\":{\"a\":\"1\"}}".getBytes());
    }

    @AfterAll
    void stop() throws Exception {
        cluster.close();
    }

    private static Case c(String method, String path, String contentType, String body, int code, String reason,
                          String messagePart) {
        return new Case(method, path, contentType, body == null ? null : body.getBytes(), code, reason, messagePart);
    }

    private List<Case> corpus() {
        String cms = "/api/v1/namespaces/bad/configmaps";
        List<Case> cases = new ArrayList<>(List.of(
                c("POST", cms, "application/json", "{\"metadata\":{\"name\":\"x\"", 400, "BadRequest", "not valid JSON"),
                c("POST", cms, "application/json", "[1,2]", 400, "BadRequest", "must be a JSON object"),
                c("POST", cms, "application/yaml", "metadata: [unclosed", 400, "BadRequest", "not valid YAML"),
                c("POST", cms, "application/json", "", 400, "BadRequest", "empty"),
                c("POST", cms, "application/json", "{\"kind\":\"Secret\",\"metadata\":{\"name\":\"x\"}}", 400, "BadRequest",
                        "kind \"Secret\""),
                c("POST", cms, "application/json", "{\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"x\"}}", 400,
                        "BadRequest", "apiVersion \"apps/v1\""),
                c("GET", "/api/v1/namespaces/bad/widgets", null, null, 404, "NotFound", "widgets"),
                c("GET", "/apis/nope.example.com/v1/things", null, null, 404, "NotFound", "could not find"),
                c("POST", cms, "application/json", "{\"metadata\":{\"name\":\"Bad_Name\"}}", 422, "Invalid",
                        "metadata.name: Invalid value: \"Bad_Name\""),
                c("POST", cms, "application/json", "{\"metadata\":{}}", 422, "Invalid", "metadata.name: Required value"),
                c("POST", cms, "application/json", "{\"metadata\":{\"name\":\"l\",\"labels\":{\"bad key!\":\"v\"}}}", 422,
                        "Invalid", "metadata.labels"),
                c("POST", cms, "text/plain", "hello", 415, "UnsupportedMediaType", "text/plain"),
                c("GET", cms + "?labelSelector=app+in+web", null, null, 400, "BadRequest", "unable to parse requirement"),
                c("GET", cms + "?fieldSelector=spec.x%3D1", null, null, 400, "BadRequest", "field label not supported: spec.x"),
                c("GET", cms + "?limit=-3", null, null, 400, "BadRequest", "limit must be a non-negative number"),
                c("GET", cms + "?limit=abc", null, null, 400, "BadRequest", "limit \"abc\" is not a number"),
                c("GET", cms + "?resourceVersion=xyz", null, null, 400, "BadRequest", "resourceVersion \"xyz\""),
                c("GET", cms + "?continue=garbage", null, null, 400, "BadRequest", "invalid continue token"),
                c("PUT", cms + "/existing", "application/json",
                        "{\"metadata\":{\"name\":\"existing\",\"resourceVersion\":\"1\"},\"data\":{\"a\":\"2\"}}", 409,
                        "Conflict", "the object has been modified"),
                c("PUT", cms + "/existing", "application/json", "{\"metadata\":{\"name\":\"other\"}}", 400, "BadRequest",
                        "does not match the name on the URL"),
                c("POST", cms, "application/json", "{\"metadata\":{\"name\":\"existing\"}}", 409, "AlreadyExists",
                        "configmaps \"existing\" already exists"),
                c("POST", "/api/v1/namespaces/missing-ns/configmaps", "application/json", "{\"metadata\":{\"name\":\"x\"}}",
                        404, "NotFound", "namespaces \"missing-ns\" not found"),
                c("POST", cms + "?fieldValidation=Strict", "application/json", "{\"metadata\":{\"name\":\"x\"},\"bogus\":1}",
                        400, "BadRequest", "unknown field \"bogus\""),
                c("POST", cms + "?dryRun=Some", "application/json", "{\"metadata\":{\"name\":\"x\"}}", 400, "BadRequest",
                        "dryRun"),
                c("PATCH", cms + "/existing", "application/json-patch+json", "{\"op\":\"add\"}", 400, "BadRequest",
                        "must be an array"),
                c("PATCH", cms + "/existing", "application/json-patch+json",
                        "[{\"op\":\"remove\",\"path\":\"/data/nothere\"}]", 422, "Invalid", "does not exist"),
                c("PATCH", cms + "/existing", "application/x-unknown", "{}", 415, "UnsupportedMediaType", "unknown format"),
                c("GET", "/api/v1/namespaces/BAD_NS/configmaps", null, null, 400, "BadRequest", "invalid namespace"),
                c("DELETE", cms + "/nothere", null, null, 404, "NotFound", "configmaps \"nothere\" not found"),
                c("DELETE", cms + "/existing?gracePeriodSeconds=soon", null, null, 400, "BadRequest",
                        "gracePeriodSeconds \"soon\" is not a number"),
                c("DELETE", cms + "/existing", "application/json", "{\"preconditions\":{\"resourceVersion\":\"old\"}}",
                        400, "BadRequest", "preconditions.resourceVersion \"old\""),
                c("GET", cms + "?watch=true&timeoutSeconds=-1", null, null, 400, "BadRequest",
                        "timeoutSeconds must be a non-negative number"),
                c("POST", "/api/v1/namespaces/bad/services", "application/json",
                        "{\"metadata\":{\"name\":\"svc\"},\"spec\":{\"type\":\"Weird\",\"ports\":[{\"port\":70000}]}}", 422,
                        "Invalid", "spec.ports[0].port"),
                c("POST", "/api/v1/namespaces/bad/pods", "application/json", "{\"metadata\":{\"name\":\"p\"},\"spec\":{}}",
                        422, "Invalid", "spec.containers: Required value"),
                c("POST", cms + "/existing", "application/json", "{}", 405, "MethodNotAllowed", "POST is not supported")));
        byte[] huge = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        cases.add(new Case("POST", cms, "application/json", huge, 413, "RequestEntityTooLarge", "over the limit"));
        return cases;
    }

    @Test
    void everyMalformedRequestGetsA4xxStatusNamingTheProblemAndChangesNothing() throws Exception {
        String before = storeState();
        List<String> failures = new ArrayList<>();
        for (Case c : corpus()) {
            HttpResponse<String> r;
            try {
                r = send(c.method(), c.path(), c.contentType(), c.body());
            } catch (java.io.IOException e) {
                failures.add(c.method() + " " + c.path() + " (" + (c.body() == null ? 0 : c.body().length)
                        + " bytes): no answer: " + e);
                continue;
            }
            String what = c.method() + " " + c.path() + " -> " + r.statusCode() + " " + r.body();
            JsonNode status;
            try {
                status = JSON.readTree(r.body());
            } catch (Exception e) {
                failures.add("not a JSON Status: " + what);
                continue;
            }
            if (r.statusCode() != c.code() || !"Status".equals(status.path("kind").asText())
                    || status.path("code").asInt() != c.code() || !c.reason().equals(status.path("reason").asText())
                    || !status.path("message").asText().contains(c.messagePart())) {
                failures.add("expected " + c.code() + " " + c.reason() + " containing '" + c.messagePart() + "': "
                        + (what.length() > 400 ? what.substring(0, 400) : what));
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(before, storeState(), "a rejected request changed the store");
    }

    /**
     * Every object of the kinds the corpus writes to, and the namespaces. (Not the global revision:
     * the scheduler renews its lease in the background.)
     */
    private String storeState() throws Exception {
        StringBuilder state = new StringBuilder();
        for (String path : List.of("/api/v1/configmaps", "/api/v1/services", "/api/v1/pods", "/api/v1/namespaces",
                "/apis/apps/v1/deployments")) {
            state.append(JSON.readTree(send("GET", path, null, null).body()).path("items")).append('\n');
        }
        return state.toString();
    }

    private HttpResponse<String> send(String method, String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(cluster.url() + path));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 500, () -> "server error for " + method + " " + path + ": " + response.body());
        return response;
    }
}
