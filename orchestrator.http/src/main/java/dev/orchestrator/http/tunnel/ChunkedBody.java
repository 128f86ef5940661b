package dev.orchestrator.http.tunnel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Copies the content of a chunked HTTP/1.1 body (without its framing), flushing after each chunk. */
final class ChunkedBody {

    private ChunkedBody() {
    }

    static void copy(InputStream in, OutputStream out) throws IOException {
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size from the backend: " + sizeLine, e);
            }
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // trailers are dropped
                }
                return;
            }
            long left = size;
            byte[] buffer = new byte[8192];
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("the backend closed the connection inside a chunk");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
            out.flush();
            line(in); // the CRLF after the chunk
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the backend closed the connection inside a chunked body");
            }
            if (b != '\r') {
                bytes.write(b);
            }
            if (bytes.size() > 4096) {
                throw new IOException("a chunk header line from the backend is too long");
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
