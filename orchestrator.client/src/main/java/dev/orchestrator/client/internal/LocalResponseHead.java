package dev.orchestrator.client.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The status line and headers of an HTTP/1.1 response read from an in-memory connection. */
record LocalResponseHead(int code, Map<String, List<String>> headers, boolean keepAlive, long contentLength,
                         boolean chunked) {

    /**
     * The head at the start of {@code bytes}, which is then positioned after it; null (and {@code bytes} untouched)
     * while its end has not arrived.
     */
    static LocalResponseHead parse(ByteBuffer bytes) throws IOException {
        int end = endOfHead(bytes);
        if (end < 0) {
            return null;
        }
        String text = new String(bytes.array(), bytes.arrayOffset() + bytes.position(), end - bytes.position(),
                StandardCharsets.ISO_8859_1);
        bytes.position(end + 4);
        String[] lines = text.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.1 response from the in-process API server: " + lines[0]);
        }
        int code;
        try {
            code = Integer.parseInt(status[1]);
        } catch (NumberFormatException e) {
            throw new IOException("not an HTTP status code: " + lines[0], e);
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new IOException("a malformed response header from the in-process API server: " + lines[i]);
            }
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        boolean http10 = status[0].equals("HTTP/1.0");
        String connection = String.join(",", headers.getOrDefault("Connection", List.of())).toLowerCase();
        boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
        boolean chunked = String.join(",", headers.getOrDefault("Transfer-Encoding", List.of())).toLowerCase()
                .contains("chunked");
        long length = -1;
        List<String> lengths = headers.get("Content-Length");
        if (!chunked && lengths != null && !lengths.isEmpty()) {
            try {
                length = Long.parseLong(lengths.get(0));
            } catch (NumberFormatException e) {
                throw new IOException("a malformed Content-Length from the in-process API server: " + lengths.get(0), e);
            }
        }
        return new LocalResponseHead(code, headers, keepAlive, length, chunked);
    }

    private static int endOfHead(ByteBuffer bytes) {
        byte[] array = bytes.array();
        int base = bytes.arrayOffset();
        for (int i = bytes.position(); i + 3 < bytes.limit(); i++) {
            if (array[base + i] == '\r' && array[base + i + 1] == '\n' && array[base + i + 2] == '\r'
                    && array[base + i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
