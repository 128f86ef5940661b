package dev.orchestrator.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.admission.AdmissionDeniedException;
import dev.orchestrator.api.admission.AdmissionPlugin;
import dev.orchestrator.api.admission.MutatingAdmission;
import dev.orchestrator.api.admission.ValidatingAdmission;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;

/**
 * Admission plugins as a plugin bundle registers them: services that the running API server takes into its chain
 * (dynamic greedy references) and drops when they leave, without a restart. The tester bundle plays the plugin.
 */
class AdmissionPluginIT {

    @InjectBundleContext
    BundleContext context;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void pluginsJoinAndLeaveTheRunningChain() throws Exception {
        String base = HttpEndpoint.of(context);
        HttpEndpoint.awaitStatus(http, base + "/readyz", 200);
        // a namespace of its own each run: the framework's data directory outlives a run
        String namespace = "admission-it-" + Long.toHexString(System.nanoTime());
        send("POST", base + "/api/v1/namespaces", "{\"metadata\":{\"name\":\"" + namespace + "\"}}");
        String configMaps = base + "/api/v1/namespaces/" + namespace + "/configmaps";

        ServiceRegistration<ValidatingAdmission> refuser = context.registerService(ValidatingAdmission.class,
                (request, object, ctx) -> {
                    if (request.isMain("", "configmaps") && request.name().startsWith("refused")) {
                        throw new AdmissionDeniedException("configmaps named refused* are not welcome here");
                    }
                }, properties("it-refuser", 0));
        ServiceRegistration<MutatingAdmission> labeler = context.registerService(MutatingAdmission.class,
                (request, object, ctx) -> {
                    if (request.isMain("", "configmaps")) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) object.path("metadata"))
                                .putObject("labels").put("admitted-by", "it-labeler");
                    }
                }, properties("it-labeler", 100));
        try {
            HttpResponse<String> refused = send("POST", configMaps, "{\"metadata\":{\"name\":\"refused-1\"}}");
            assertEquals(403, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("configmaps \\\"refused-1\\\" is forbidden: configmaps named refused* are "
                    + "not welcome here"), refused.body());
            HttpResponse<String> labelled = send("POST", configMaps, "{\"metadata\":{\"name\":\"labelled\"}}");
            assertEquals(201, labelled.statusCode(), labelled.body());
            assertTrue(labelled.body().contains("\"admitted-by\":\"it-labeler\""), labelled.body());
        } finally {
            refuser.unregister();
            labeler.unregister();
        }
        HttpResponse<String> admitted = send("POST", configMaps, "{\"metadata\":{\"name\":\"refused-2\"}}");
        assertEquals(201, admitted.statusCode(), "the plugin left, its rule with it: " + admitted.body());
        assertFalse(admitted.body().contains("admitted-by"), admitted.body());
    }

    private static Dictionary<String, Object> properties(String name, int ranking) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(AdmissionPlugin.NAME, name);
        props.put(Constants.SERVICE_RANKING, ranking);
        return props;
    }

    private HttpResponse<String> send(String method, String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
