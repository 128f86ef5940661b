package dev.orchestrator.kubelet.internal.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One line of a container log file in the CRI format that containerd and CRI-O write:
 * {@code <RFC3339Nano time> <stdout|stderr> <tags> <text>}, where the first tag is {@code F} for a
 * full line or {@code P} for a part of a longer one (the runtime splits long lines; the parts are
 * joined again when read). Docker's json-file lines ({@code {"log":"text\n","stream":"stdout","time":…}},
 * linked at the kubelet's log path by the Docker runtime bundle) are read into the same shape: a
 * {@code log} without its newline is a part.
 *
 * @param time the time exactly as the runtime wrote it (RFC3339Nano, as Kubernetes prints it)
 * @param content the text after the tags, without the newline
 */
public record CriLogLine(String time, Instant instant, String stream, boolean partial, byte[] content) {

    /** Parses one line (without its newline); empty when it is not in the CRI format. */
    public static Optional<CriLogLine> parse(byte[] line, int from, int to) {
        if (to > from && line[from] == '{') {
            return DockerJsonLogLine.parse(line, from, to);
        }
        int timeEnd = indexOf(line, from, to, (byte) ' ');
        int streamEnd = timeEnd < 0 ? -1 : indexOf(line, timeEnd + 1, to, (byte) ' ');
        if (streamEnd < 0) {
            return Optional.empty();
        }
        int tagsEnd = indexOf(line, streamEnd + 1, to, (byte) ' ');
        int contentStart = tagsEnd < 0 ? to : tagsEnd + 1; // an empty line may lack the space after its tags
        if (tagsEnd < 0) {
            tagsEnd = to;
        }
        String time = new String(line, from, timeEnd - from, StandardCharsets.US_ASCII);
        String stream = new String(line, timeEnd + 1, streamEnd - timeEnd - 1, StandardCharsets.US_ASCII);
        if (!stream.equals("stdout") && !stream.equals("stderr") || tagsEnd == streamEnd + 1) {
            return Optional.empty();
        }
        Instant instant;
        try {
            instant = java.time.OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        boolean partial = line[streamEnd + 1] == 'P';
        return Optional.of(new CriLogLine(time, instant, stream, partial, Arrays.copyOfRange(line, contentStart, to)));
    }

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
