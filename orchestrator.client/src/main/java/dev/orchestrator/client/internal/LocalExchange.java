package dev.orchestrator.client.internal;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response on a {@link LocalLink}: the request written as HTTP/1.1, the response's head and body
 * read as the server writes them, the body handed to fabric8's consumer only as fast as it asks for it (what it has
 * not asked for stays in the server's bounded buffer and holds its writer back). The reading runs on
 * {@code readers}, one pass at a time, woken by the connection.
 */
final class LocalExchange implements AsyncBody {

    /** Headers the connection itself sets. */
    private static final Set<String> FRAMING_HEADERS = caseInsensitive("Host", "Content-Length", "Connection",
            "Transfer-Encoding", "Expect", "Keep-Alive", "Upgrade");
    /** Methods whose request has a body, an empty one (Content-Length: 0) when fabric8 gives none. */
    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    private static final int MAX_HEAD_BYTES = 1 << 20;
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final StandardHttpRequest request;
    private final AsyncBody.Consumer<List<ByteBuffer>> consumer;
    private final LocalLink link;
    private final Executor readers;
    private final ScheduledExecutorService timeouts;
    private final java.util.function.Consumer<LocalLink> release;
    private final CompletableFuture<HttpResponse<AsyncBody>> response = new CompletableFuture<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final ReadPasses passes = new ReadPasses(this::step, this::fail);
    private volatile boolean demand;
    private volatile boolean finished;
    private volatile ScheduledFuture<?> timeout;

    // read and written by the pass that reads (one at a time)
    private ByteBuffer pending = NOTHING;
    private LocalResponseHead head;
    private LocalResponseBody body;

    LocalExchange(StandardHttpRequest request, AsyncBody.Consumer<List<ByteBuffer>> consumer, LocalLink link,
                  Executor readers, ScheduledExecutorService timeouts, java.util.function.Consumer<LocalLink> release) {
        this.request = request;
        this.consumer = consumer;
        this.link = link;
        this.readers = readers;
        this.timeouts = timeouts;
        this.release = release;
    }

    CompletableFuture<HttpResponse<AsyncBody>> response() {
        return response;
    }

    /** Writes the request; false when the connection was closed (nothing was sent, the link is closed). */
    boolean start() {
        ByteBuffer bytes;
        try {
            bytes = encode(request);
        } catch (IOException e) {
            link.idle();
            release.accept(link);
            response.completeExceptionally(e);
            return true;
        }
        link.attach(this::signal);
        Duration limit = request.getTimeout();
        if (limit != null && !limit.isZero() && !limit.isNegative() && !request.isForStreaming()) {
            timeout = timeouts.schedule(this::timedOut, limit.toMillis(), TimeUnit.MILLISECONDS);
        }
        try {
            link.write(bytes);
            return true;
        } catch (IOException e) {
            cancelTimeout();
            finished = true;
            link.close();
            return false;
        }
    }

    private void signal() {
        passes.signal(readers);
    }

    private void step() throws Exception {
        while (!finished) {
            if (head == null) {
                ByteBuffer read = link.read();
                if (read == null) {
                    fail(new IOException("the API server closed the in-process connection before answering "
                            + request.method() + " " + request.uri().getRawPath()));
                    return;
                }
                if (!read.hasRemaining()) {
                    return;
                }
                pending = concat(pending, read);
                LocalResponseHead parsed = LocalResponseHead.parse(pending);
                if (parsed == null) {
                    if (pending.remaining() > MAX_HEAD_BYTES) {
                        throw new IOException("a response head beyond " + MAX_HEAD_BYTES + " bytes");
                    }
                    continue;
                }
                head = parsed;
                body = LocalResponseBody.of(request.method(), parsed);
                cancelTimeout();
                response.complete(new Response(parsed, this, request));
                if (body.ended()) {
                    finish();
                    return;
                }
                continue;
            }
            if (!demand) {
                return;
            }
            if (!pending.hasRemaining()) {
                ByteBuffer read = link.read();
                if (read == null) {
                    if (body.endsAtClose()) {
                        finished = true;
                        link.close();
                        done.complete(null);
                    } else {
                        fail(new IOException("the API server closed the in-process connection in the middle of the "
                                + "response to " + request.method() + " " + request.uri().getRawPath()));
                    }
                    return;
                }
                if (!read.hasRemaining()) {
                    return;
                }
                pending = read;
            }
            List<ByteBuffer> data = new ArrayList<>(4);
            body.decode(pending, data);
            if (!data.isEmpty()) {
                demand = false;
                consumer.consume(data, this);
            }
            if (body.ended()) {
                finish();
                return;
            }
        }
    }

    private void finish() {
        finished = true;
        cancelTimeout();
        link.idle();
        if (head.keepAlive() && !pending.hasRemaining()) {
            release.accept(link);
        } else {
            link.close();
        }
        done.complete(null);
    }

    private void fail(Throwable failure) {
        finished = true;
        cancelTimeout();
        link.close();
        if (!response.completeExceptionally(failure)) {
            done.completeExceptionally(failure);
        }
    }

    private void timedOut() {
        if (!response.isDone()) {
            fail(new HttpTimeoutException("no response from the in-process API server within "
                    + request.getTimeout().toMillis() + " ms to " + request.method() + " " + request.uri().getRawPath()));
        }
    }

    private void cancelTimeout() {
        ScheduledFuture<?> scheduled = timeout;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    // AsyncBody

    @Override
    public void consume() {
        demand = true;
        signal();
    }

    @Override
    public CompletableFuture<Void> done() {
        return done;
    }

    @Override
    public void cancel() {
        if (!finished) {
            finished = true;
            cancelTimeout();
            link.close();
        }
        done.cancel(false);
    }

    // the request on the wire

    static ByteBuffer encode(StandardHttpRequest request) throws IOException {
        return encode(request, "");
    }

    /** {@code request} as HTTP/1.1, with {@code connectionHeaders} (whole lines, each ending in CRLF) added. */
    static ByteBuffer encode(StandardHttpRequest request, String connectionHeaders) throws IOException {
        byte[] content = content(request.body());
        URI uri = request.uri();
        StringBuilder head = new StringBuilder(512);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        head.append(request.method()).append(' ').append(path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
        if (uri.getPort() != -1) {
            head.append(':').append(uri.getPort());
        }
        head.append("\r\n");
        boolean contentType = false;
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            String name = header.getKey();
            if (FRAMING_HEADERS.contains(name)) {
                continue;
            }
            contentType |= name.equalsIgnoreCase("Content-Type");
            for (String value : header.getValue()) {
                if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    throw new IOException("the value of the request header " + name + " holds a line break");
                }
                head.append(name).append(": ").append(value).append("\r\n");
            }
        }
        if (content != null && !contentType && request.getContentType() != null) {
            head.append("Content-Type: ").append(request.getContentType()).append("\r\n");
        }
        if (content != null) {
            head.append("Content-Length: ").append(content.length).append("\r\n");
        } else if (BODY_METHODS.contains(request.method())) {
            head.append("Content-Length: 0\r\n");
        }
        head.append(connectionHeaders).append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(headBytes.length + (content == null ? 0 : content.length));
        bytes.put(headBytes);
        if (content != null) {
            bytes.put(content);
        }
        return bytes.flip();
    }

    private static byte[] content(StandardHttpRequest.BodyContent body) throws IOException {
        if (body == null) {
            return null;
        }
        if (body instanceof StandardHttpRequest.StringBodyContent text) {
            return text.getContent().getBytes(StandardCharsets.UTF_8);
        }
        if (body instanceof StandardHttpRequest.ByteArrayBodyContent bytes) {
            return bytes.getContent();
        }
        if (body instanceof StandardHttpRequest.InputStreamBodyContent stream) {
            try (InputStream in = stream.getContent()) {
                return in.readAllBytes();
            }
        }
        throw new IOException("a request body of " + body.getClass().getName() + " cannot be sent in memory");
    }

    private static ByteBuffer concat(ByteBuffer first, ByteBuffer second) {
        if (!first.hasRemaining()) {
            return second;
        }
        ByteBuffer both = ByteBuffer.allocate(first.remaining() + second.remaining());
        both.put(first).put(second);
        return both.flip();
    }

    private static Set<String> caseInsensitive(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }

    private record Response(LocalResponseHead head, AsyncBody body, HttpRequest request)
            implements HttpResponse<AsyncBody> {
        @Override
        public int code() {
            return head.code();
        }

        @Override
        public List<String> headers(String key) {
            return head.headers().getOrDefault(key, List.of());
        }

        @Override
        public Map<String, List<String>> headers() {
            return head.headers();
        }

        @Override
        public Optional<HttpResponse<?>> previousResponse() {
            return Optional.empty();
        }
    }
}
