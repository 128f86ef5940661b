package dev.orchestrator.itests;

import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.servlet.runtime.HttpServiceRuntime;

/** Where the framework's HTTP service listens (the tests let it pick a free port). */
final class HttpEndpoint {

    private HttpEndpoint() {
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
