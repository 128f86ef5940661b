package dev.orchestrator.runtime.docker.internal;

import com.github.dockerjava.api.exception.DockerException;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.RuntimeUnavailableException;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns docker-java failures into the runtime API's exceptions, keeping dockerd's own message. */
final class DockerErrors {

    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private DockerErrors() {
    }

    /**
     * Maps a failed call: HTTP 404 → {@link NotFoundException}; no answer (socket missing, refused, timed out) →
     * {@link RuntimeUnavailableException} naming the endpoint; any other answer → {@link ContainerRuntimeException}
     * with dockerd's message.
     */
    static ContainerRuntimeException map(RuntimeException e, String operation, String endpoint) {
        if (e instanceof ContainerRuntimeException c) {
            return c;
        }
        if (e instanceof DockerException d) {
            String message = messageOf(d.getMessage());
            return d.getHttpStatus() == 404 ? new NotFoundException(message) : new ContainerRuntimeException(message, d);
        }
        if (causedByIo(e)) {
            return new RuntimeUnavailableException("docker at " + endpoint + " did not answer " + operation + ": "
                    + rootMessage(e), e);
        }
        return new ContainerRuntimeException(operation + " failed: " + rootMessage(e), e);
    }

    /** The {@code message} of dockerd's JSON error body, else the text as it is ("Status 500: {...}" included). */
    static String messageOf(String text) {
        if (text == null) {
            return "";
        }
        Matcher m = MESSAGE.matcher(text);
        return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\n", " ").replace("\\\\", "\\") : text.trim();
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
