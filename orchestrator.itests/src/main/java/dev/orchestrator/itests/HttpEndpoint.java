package dev.orchestrator.itests;

import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

/** Where the framework's HTTP service listens (the tests let it pick a free port). */
final class HttpEndpoint {

    private HttpEndpoint() {
    }

    /** Waits until {@code url} answers {@code code} (e.g. /readyz 200 after the API server restarted). */
    static void awaitStatus(java.net.http.HttpClient http, String url, int code) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == code) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening, or the API server is restarting
            }
            Thread.sleep(50);
        }
        throw new AssertionError(url + " did not answer " + code);
    }

    /** @return e.g. "http://127.0.0.1:41234", without a trailing slash */
    static String of(BundleContext context) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            ServiceReference<HttpServiceRuntime> ref = context.getServiceReference(HttpServiceRuntime.class);
            if (ref != null) {
                Object endpoint = ref.getProperty("osgi.http.endpoint");
                String first = endpoint instanceof String[] a ? a[0] : endpoint instanceof List<?> l
                        ? String.valueOf(l.get(0)) : String.valueOf(endpoint);
                if (first != null && first.startsWith("http")) {
                    return first.endsWith("/") ? first.substring(0, first.length() - 1) : first;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the HTTP service did not publish its endpoint");
    }
}
