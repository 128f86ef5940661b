package dev.orchestrator.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP requests to an all-in-one, for what the wire tests check byte by byte (codes, media types, streams). */
final class WireRequests {

    private final HttpClient http;
    private final String base;

    WireRequests(AllInOne cluster) throws Exception {
        this.base = cluster.url();
        this.http = cluster.adminHttpClient();
    }

    /** A response read to its end (a watch with timeoutSeconds ends on its own). */
    HttpResponse<String> send(String method, String pathAndQuery, String accept) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return send("GET", pathAndQuery, null);
    }
}
