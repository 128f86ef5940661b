package dev.orchestrator.kubelet.internal.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads one line of Docker's json-file log driver as a {@link CriLogLine}. */
final class DockerJsonLogLine {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DockerJsonLogLine() {
    }

    static Optional<CriLogLine> parse(byte[] line, int from, int to) {
        JsonNode n;
        try {
            n = JSON.readTree(line, from, to - from);
        } catch (IOException e) {
            return Optional.empty();
        }
        String stream = n.path("stream").asText("");
        String time = n.path("time").asText("");
        JsonNode log = n.get("log");
        if (log == null || !log.isTextual() || !stream.equals("stdout") && !stream.equals("stderr")) {
            return Optional.empty();
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        String text = log.asText();
        boolean partial = !text.endsWith("\n");
        if (!partial) {
            text = text.substring(0, text.length() - 1);
        }
        return Optional.of(new CriLogLine(time, instant, stream, partial, text.getBytes(StandardCharsets.UTF_8)));
    }
}
