package dev.orchestrator.apiserver.internal.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import dev.orchestrator.apiserver.internal.kubeletclient.KubeletTransport;
import java.time.Duration;

/**
 * Reads one kubelet's {@code GET /stats/summary} (over the API server's {@link KubeletTransport}), bounded in time (connect and read timeouts) and in
 * size, so that a stuck or hostile kubelet costs at most one timeout and a bounded amount of memory.
 */
public final class KubeletSummaryClient {

    /** A summary is a few hundred bytes per pod; a node with thousands of pods stays far below this. */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private final ObjectMapper mapper = new ObjectMapper();
    private final int timeoutMillis;
    private final KubeletTransport kubelets;

    public KubeletSummaryClient(Duration timeout, KubeletTransport kubelets) {
        this.kubelets = kubelets;
        this.timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /**
     * @param authority the kubelet's {@code host:port}
     * @throws IOException when the kubelet cannot be reached in time, answers other than 200, or sends more than
     *                     {@link #MAX_BYTES} or something that is not JSON
     */
    public NodeSummary fetch(String authority) throws IOException {
        HttpURLConnection connection = kubelets.open(kubelets.uri(authority, "/stats/summary"));
        connection.setConnectTimeout(timeoutMillis);
        connection.setReadTimeout(timeoutMillis);
        connection.setRequestProperty("Accept", "application/json");
        try {
            int code = connection.getResponseCode();
            if (code != 200) {
                throw new IOException("the kubelet answered " + code);
            }
            byte[] body;
            try (InputStream in = connection.getInputStream()) {
                body = in.readNBytes(MAX_BYTES + 1);
            }
            if (body.length > MAX_BYTES) {
                throw new IOException("the summary is over " + MAX_BYTES + " bytes");
            }
            try {
                return NodeSummary.from(mapper.readTree(body));
            } catch (JsonProcessingException e) {
                throw new IOException("the summary is not JSON: " + e.getOriginalMessage());
            }
        } finally {
            connection.disconnect();
        }
    }
}
