package dev.orchestrator.apiserver.internal.schema;

import dev.orchestrator.apiserver.internal.validation.Networks;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The string formats Kubernetes checks in custom resources; unknown formats (and the numeric ones such as
 * {@code int32}, which only document) pass, as there.
 */
final class Formats {

    private static final Pattern HOSTNAME = Pattern.compile(
            "^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*\\.?$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final Pattern MAC = Pattern.compile("^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$");
    private static final Pattern GO_DURATION = Pattern.compile("^[-+]?(\\d+(\\.\\d*)?(ns|us|µs|ms|s|m|h|d|w))+$");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private Formats() {
    }

    static boolean valid(String format, String text) {
        return switch (format) {
            case "date-time", "datetime" -> dateTime(text);
            case "date" -> date(text);
            case "duration" -> GO_DURATION.matcher(text).matches() || isoDuration(text);
            case "uuid", "uuid3", "uuid4", "uuid5" -> uuid(format, text);
            case "ipv4" -> Networks.isIPv4(text);
            case "ipv6" -> Networks.isIPv6(text);
            case "cidr" -> Networks.isCIDR(text);
            case "hostname" -> text.length() <= 253 && HOSTNAME.matcher(text).matches();
            case "email" -> EMAIL.matcher(text).matches();
            case "mac" -> MAC.matcher(text).matches();
            case "byte" -> base64(text);
            case "uri" -> uri(text);
            default -> true;
        };
    }

    private static boolean dateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean date(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isoDuration(String text) {
        try {
            Duration.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean uuid(String format, String text) {
        if (!UUID_TEXT.matcher(text).matches()) {
            return false;
        }
        int version = UUID.fromString(text).version();
        return switch (format) {
            case "uuid3" -> version == 3;
            case "uuid4" -> version == 4;
            case "uuid5" -> version == 5;
            default -> true;
        };
    }

    private static boolean base64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean uri(String text) {
        try {
            return new URI(text).isAbsolute();
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
