package dev.orchestrator.kubelet.internal.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CriLogLineTest {

    private static Optional<CriLogLine> parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return CriLogLine.parse(bytes, 0, bytes.length);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2024-05-01T10:00:00.123456789Z stdout F hello world|stdout|false|hello world",
            "2024-05-01T10:00:00.1Z stderr P part one |stderr|true|part one ",
            "2024-05-01T12:00:00.5+02:00 stdout F zoned|stdout|false|zoned",
            "2024-05-01T10:00:00Z stdout F:x tagged|stdout|false|tagged",
    })
    void parsesTheCriFormat(String line, String stream, boolean partial, String content) {
        CriLogLine parsed = parse(line).orElseThrow();
        assertEquals(stream, parsed.stream());
        assertEquals(partial, parsed.partial());
        assertEquals(content, new String(parsed.content(), StandardCharsets.UTF_8));
        assertEquals(line.substring(0, line.indexOf(' ')), parsed.time());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01T10:00:00Z stdout F ", "2024-05-01T10:00:00Z stdout F"})
    void anEmptyLineHasEmptyContent(String line) {
        assertEquals(0, parse(line).orElseThrow().content().length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain text", "2024-05-01T10:00:00Z stdin F x", "yesterday stdout F x",
            "2024-05-01T10:00:00Z stdout"})
    void refusesWhatIsNotCri(String line) {
        assertFalse(parse(line).isPresent());
    }

    @org.junit.jupiter.api.Test
    void keepsTheInstant() {
        assertTrue(parse("2024-05-01T12:00:00.5+02:00 stdout F x").orElseThrow().instant()
                .equals(Instant.parse("2024-05-01T10:00:00.5Z")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"log\":\"hello world\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:00.123456789Z\"}|stdout|false|hello world",
            "{\"log\":\"part \\u00e9\",\"stream\":\"stderr\",\"time\":\"2024-05-01T10:00:00.1Z\"}|stderr|true|part \u00e9",
            "{\"log\":\"\\n\",\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:00Z\"}|stdout|false|''",
    })
    void readsDockerJsonFileLines(String line, String stream, boolean partial, String content) {
        CriLogLine parsed = parse(line).orElseThrow();
        assertEquals(stream, parsed.stream());
        assertEquals(partial, parsed.partial());
        assertEquals(content, new String(parsed.content(), StandardCharsets.UTF_8));
        assertTrue(parsed.time().startsWith("2024-05-01T10:00:00"), parsed.time());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"log\":1,\"stream\":\"stdout\",\"time\":\"2024-05-01T10:00:00Z\"}",
            "{\"log\":\"x\\n\",\"stream\":\"stdin\",\"time\":\"2024-05-01T10:00:00Z\"}",
            "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"soon\"}"})
    void refusesBrokenDockerLines(String line) {
        assertFalse(parse(line).isPresent());
    }
}
