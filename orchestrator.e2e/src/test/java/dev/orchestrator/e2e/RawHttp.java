package dev.orchestrator.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * HTTP/1.1 spoken by hand over a socket, for what an HTTP client library will not do: send a
 * request a byte at a time, send malformed request lines, stop reading a response, or send
 * headers a library refuses to set ({@code Content-Length: 0} on a GET).
 */
final class RawHttp {

    /** A response as read from the socket. */
    record Response(int code, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    private RawHttp() {
    }

    /** A socket to the cluster; {@code receiveBuffer} > 0 asks for a small receive buffer (before connecting). */
    static Socket connect(AllInOne cluster, int receiveBuffer) throws IOException {
        java.net.URI url = java.net.URI.create(cluster.url());
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 5_000);
        return socket;
    }

    /** Sends {@code request} at once and reads the response (by Content-Length, chunks, or to EOF). */
    static Response exchange(AllInOne cluster, byte[] request) throws IOException {
        java.net.URI url = java.net.URI.create(cluster.url());
        return exchange(url.getHost(), url.getPort(), request);
    }

    /** The same with another server (a kubelet's endpoint). */
    static Response exchange(String host, int port, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Reads one response: status line, headers, and a body framed by Content-Length, chunks or EOF. */
    static Response read(InputStream in) throws IOException {
        return read(in, false);
    }

    /** As {@link #read(InputStream)}; with {@code headOfStreams}, a 200 chunked answer (a watch) is returned with its head only. */
    static Response read(InputStream in, boolean headOfStreams) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        String status = line(in);
        if (status == null) {
            throw new IOException("the server closed the connection without answering");
        }
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        int code = Integer.parseInt(status.split(" ")[1]);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            if (headOfStreams && code == 200) {
                return new Response(code, headers, "");
            }
            chunks(in, body::write);
        } else {
            in.transferTo(body);
        }
        return new Response(code, headers, body.toString(StandardCharsets.UTF_8));
    }

    /** Reads the status line and headers of a streamed response; the status code. */
    static int readHead(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("the server closed the connection without answering");
        }
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            // headers of a watch: nothing to keep
        }
        return Integer.parseInt(status.split(" ")[1]);
    }

    /** Decodes a chunked body and hands each complete line of it (a watch event) to {@code lines}, until the last chunk. */
    static void lines(InputStream in, Consumer<String> lines) throws IOException {
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        chunks(in, data -> {
            int start = 0;
            for (int i = 0; i < data.length; i++) {
                if (data[i] == '\n') {
                    pending.write(data, start, i - start);
                    lines.accept(pending.toString(StandardCharsets.UTF_8));
                    pending.reset();
                    start = i + 1;
                }
            }
            pending.write(data, start, data.length - start);
        });
    }

    private interface Chunks {
        void accept(byte[] data) throws IOException;
    }

    private static void chunks(InputStream in, Chunks sink) throws IOException {
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new IOException("the connection ended inside a chunked body");
            }
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            if (length == 0) {
                line(in);
                return;
            }
            byte[] data = in.readNBytes(length);
            if (data.length < length) {
                throw new IOException("the connection ended inside a chunk");
            }
            sink.accept(data);
            line(in);
        }
    }

    /** One CRLF-terminated line, or null at EOF before any byte. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads and drops whatever arrives until the server closes the connection (EOF or reset).
     *
     * @return the bytes read before the close
     * @throws AssertionError when the connection is still open after {@code timeoutMillis} without data
     */
    static long drainUntilClosed(Socket socket, int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try {
            InputStream in = socket.getInputStream();
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                total += n;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection is still open: nothing arrived for " + timeoutMillis + " ms after "
                    + total + " bytes");
        } catch (SocketException reset) {
            // closed by the server with a reset: closed all the same
        }
        return total;
    }
}
