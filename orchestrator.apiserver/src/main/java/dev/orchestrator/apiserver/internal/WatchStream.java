package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.store.ExpiredException;
import dev.orchestrator.api.store.FutureRevisionException;
import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.http.websocket.ServerWebSocket;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ?watch=true} response: a chunked stream of {@code {"type","object"}} lines.
 * With resourceVersion unset or "0" it starts with an ADDED event per matching object, then
 * streams changes; with a resourceVersion it streams changes after it, or one ERROR event
 * (410 Expired) when that version is compacted. Objects entering or leaving the selectors
 * show up as ADDED or DELETED.
 *
 * <p>Output is non-blocking (servlet async I/O): the thread that delivers store events
 * appends the encoded lines and writes as much as the socket takes; the container calls
 * back when a slow client can take more. No thread waits per watcher, so a thousand
 * watchers cost a thousand small writes per change, not a thousand thread wake-ups.
 *
 * <p>A watch that asks for a WebSocket (fabric8 asks for one first) gets one: each line is then one text message,
 * as Kubernetes frames JSON watch events, and the stream's end is a close frame.
 */
final class WatchStream implements WatchListener, WriteListener, AsyncListener, ServerWebSocket.Listener {

    /** Where the lines go: the body of the HTTP response, or the messages of a WebSocket. */
    private interface Output {
        /** Whether a write now goes out without blocking. */
        boolean isReady();

        void write(byte[] line) throws IOException;

        void flush() throws IOException;

        /** Ends the stream after what is written. */
        void end();
    }

    private record ResponseBody(AsyncContext async, ServletOutputStream out) implements Output {
        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void write(byte[] line) throws IOException {
            out.write(line);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void end() {
            async.complete();
        }
    }

    private record WebSocketMessages(ServerWebSocket socket) implements Output {
        @Override
        public boolean isReady() {
            return socket.isReady();
        }

        @Override
        public void write(byte[] line) {
            socket.send(line, 0, line.length - 1); // a message holds the event without the line's end
        }

        @Override
        public void flush() {
            socket.flush();
        }

        @Override
        public void end() {
            socket.close(ServerWebSocket.NORMAL_CLOSURE, "");
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WatchStream.class);
    private static final long BOOKMARK_EVERY_SECONDS = 30;

    private final ResourceType type;
    private final ListOptions options;
    private final Tables.Include table;
    private final boolean metadataOnly;
    private final ScheduledExecutorService timer;
    private final WatchBacklog pending = new WatchBacklog(System::nanoTime);
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private EncodedEvents encoded;
    private Output output;
    private WatchCache.Subscription subscription;
    private boolean columnsSent;
    private boolean needsFlush;
    private boolean finishing;
    private boolean closed;
    private boolean listening;
    private long lastRevision;
    private final Runnable onEnd;
    private boolean ended;

    /**
     * @param table        each object as a Table row ({@link Tables}) with this much of the object, or null
     * @param metadataOnly each object as a PartialObjectMetadata ({@link PartialMetadata})
     */
    WatchStream(ResourceType type, ListOptions options, Tables.Include table, boolean metadataOnly,
                ScheduledExecutorService timer, Runnable onEnd) {
        this.onEnd = onEnd;
        this.type = type;
        this.options = options;
        this.table = table;
        this.metadataOnly = metadataOnly && table == null;
        this.timer = timer;
    }

    /**
     * Answers the request; returns at once, the stream goes on asynchronously.
     *
     * @param webSocket whether to answer over a WebSocket ({@link ServerWebSocket#isRequested})
     * @throws IllegalArgumentException a WebSocket handshake that cannot be answered, before anything is sent
     */
    void start(HttpServletRequest request, HttpServletResponse response, ObjectStorage storage, WatchCache cache,
               String namespace, boolean webSocket) throws IOException {
        long start;
        List<byte[]> initial = new ArrayList<>();
        String rv = options.resourceVersion();
        if (rv == null || rv.isEmpty() || rv.equals("0")) {
            ObjectStorage.Page page = storage.list(type, namespace, 0, 0, null, options::matches);
            for (ObjectNode o : page.items()) {
                try {
                    initial.add(line("ADDED", o));
                } catch (IllegalStateException unwritable) {
                    LOG.warn("watch of {}: skipping {}: {}", type.plural(), ObjectMeta.name(o), unwritable.toString());
                }
            }
            start = page.revision();
        } else {
            start = options.listRevision();
        }
        lastRevision = start;
        ServletOutputStream out = null;
        if (webSocket) {
            output = new WebSocketMessages(ServerWebSocket.accept(request, response, this));
        } else {
            response.setStatus(200);
            response.setContentType(table != null ? Tables.CONTENT_TYPE : metadataOnly ? PartialMetadata.CONTENT_TYPE
                    : "application/json");
            response.setHeader("Cache-Control", "no-cache, private");
            AsyncContext async = request.startAsync();
            async.setTimeout(0);
            async.addListener(this);
            out = response.getOutputStream();
            output = new ResponseBody(async, out);
        }
        synchronized (this) {
            pending.addInitial(initial);
            needsFlush = true;
        }
        try {
            long current = storage.currentRevision();
            if (start > current) {
                throw new FutureRevisionException("revision " + start + " is newer than " + current);
            }
            // the shared lines are of the stored version: a watch of a second version converts its own
            encoded = type.converted() ? null : cache.encodedEvents();
            // the trigger tests the stored version: only where that is the version served
            FieldSelector.Trigger trigger = type.converted() ? null : options.fields().trigger().orElse(null);
            subscription = cache.subscribe(type.keyPrefix(null), type.keyPrefix(namespace), trigger, start, this);
        } catch (ExpiredException e) {
            finishWithError(410, "Expired", "too old resource version: " + start + " (" + e.getMessage() + ")");
        } catch (FutureRevisionException e) {
            finishWithError(504, "Timeout", "Too large resource version: " + start);
        }
        if (options.timeoutSeconds() > 0) {
            timers.add(timer.schedule(this::expire, options.timeoutSeconds(), TimeUnit.SECONDS));
        }
        if (options.bookmarks()) {
            timers.add(timer.scheduleAtFixedRate(this::bookmark, BOOKMARK_EVERY_SECONDS, BOOKMARK_EVERY_SECONDS,
                    TimeUnit.SECONDS));
        }
        if (out != null) {
            out.setWriteListener(this);
        }
    }

    @Override
    public void onEvents(List<WatchEvent> events) {
        synchronized (this) {
            if (closed || finishing) {
                return;
            }
            int queued = pending.size();
            for (WatchEvent e : events) {
                lastRevision = e.revision();
                try {
                    encode(e);
                } catch (ObjectStorage.UnreadableObjectException | IllegalStateException unreadable) {
                    // One object that cannot be read or written must not end the stream for everyone.
                    LOG.warn("watch of {}: skipping the event of {} at revision {}: {}", type.plural(), e.key(),
                            e.revision(), unreadable.toString());
                }
            }
            if (pending.size() == queued) {
                // None of the events is for this watcher (a kubelet's watch sees every pod event of the cluster):
                // no write, no flush of an empty buffer.
                return;
            }
            if (pending.overflowing()) {
                // The client has stopped taking lines, or far too many wait: end the stream, it re-watches.
                pending.clear();
                finishing = true;
            }
            needsFlush = true;
        }
        pump();
    }

    @Override
    public void onClose(Optional<StoreException> error) {
        StoreException reason = error.orElse(null);
        if (reason instanceof ExpiredException) {
            finishWithError(410, "Expired", "too old resource version: " + reason.getMessage());
        } else {
            finish(); // overflow or store gone: the client re-watches from its last version
        }
    }

    @Override
    public void onWritable() {
        onWritePossible();
    }

    @Override
    public void onClosed() {
        close();
    }

    @Override
    public void onWritePossible() {
        synchronized (this) {
            listening = true; // only now may the output be written without blocking
        }
        pump();
    }

    @Override
    public void onError(Throwable t) {
        close();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        finish();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
    }

    /** Writes what the socket takes now; the container calls back for the rest. */
    private synchronized void pump() {
        if (closed || !listening) {
            return;
        }
        try {
            while (output.isReady()) {
                byte[] next = pending.take();
                if (next != null) {
                    output.write(next);
                    needsFlush = true;
                } else if (needsFlush) {
                    needsFlush = false;
                    output.flush();
                } else {
                    if (finishing) {
                        closed = true;
                        release();
                        output.end();
                    }
                    return;
                }
            }
        } catch (IOException | IllegalStateException clientGone) {
            close();
        }
    }

    private void encode(WatchEvent e) {
        boolean plain = options.labels().isEverything() && options.fields().isEverything();
        if (table == null && !metadataOnly && plain && encoded != null) {
            // Every plain watcher of the resource sends the same line: encode it once for all.
            pending.add(sharedLine(e));
            return;
        }
        EncodedEvents.Decoded objects = encoded != null ? encoded.decoded(e) : new EncodedEvents.Decoded(
                e.current().map(ObjectStorage::decode).orElse(null), e.previous().map(ObjectStorage::decode).orElse(null));
        ObjectNode current = objects.current();
        ObjectNode previous = objects.previous();
        boolean nowMatches = current != null && options.matches(current);
        boolean matchedBefore = previous != null && options.matches(previous);
        // A selected watcher whose view of the event is the event itself sends the shared line too.
        boolean asIs = table == null && !metadataOnly && encoded != null;
        switch (e.type()) {
            case ADDED -> {
                if (nowMatches) {
                    pending.add(asIs ? sharedLine(e) : line("ADDED", current));
                }
            }
            case MODIFIED -> {
                if (nowMatches && matchedBefore) {
                    pending.add(asIs ? sharedLine(e) : line("MODIFIED", current));
                } else if (nowMatches) {
                    pending.add(line("ADDED", current));
                } else if (matchedBefore) {
                    pending.add(line("DELETED", ObjectStorage.withRevision(current.deepCopy(), e.revision())));
                }
            }
            case DELETED -> {
                if (matchedBefore) {
                    pending.add(asIs ? sharedLine(e) : line("DELETED", ObjectStorage.withRevision(previous.deepCopy(),
                            e.revision())));
                }
            }
            default -> { }
        }
    }

    /** The event's line as every watcher that sees the event unchanged sends it, encoded once. */
    private byte[] sharedLine(WatchEvent e) {
        return encoded.line(e, () -> {
            boolean deleted = e.type() == WatchEvent.Type.DELETED;
            KeyValue kv = (deleted ? e.previous() : e.current()).orElseThrow();
            return lineBytes(e.type().name(), ObjectStorage.served(kv, deleted ? e.revision() : kv.modRevision()));
        });
    }

    private byte[] line(String eventType, ObjectNode object) {
        if (table != null) {
            ObjectNode t = Tables.table(type, List.of(object), null, null, !columnsSent, table);
            columnsSent = true;
            return lineBytes(eventType, t);
        }
        if (metadataOnly) {
            return lineBytes(eventType, PartialMetadata.of(object));
        }
        return lineBytes(eventType, type.served(object));
    }

    private void bookmark() {
        synchronized (this) {
            if (closed || finishing) {
                return;
            }
            ObjectNode bookmark = Json.object();
            bookmark.put("kind", metadataOnly ? "PartialObjectMetadata" : type.kind());
            bookmark.put("apiVersion", metadataOnly ? "meta.k8s.io/v1" : type.apiVersion());
            long progress = subscription == null ? 0 : subscription.progress();
            bookmark.putObject("metadata").put("resourceVersion", Long.toString(Math.max(lastRevision, progress)));
            pending.add(lineBytes("BOOKMARK", bookmark));
            needsFlush = true;
        }
        pump();
    }

    /**
     * The watch's timeout: a watcher that asked for bookmarks gets one last, so that it resumes from now (as
     * Kubernetes' watch cache sends one before the deadline), not from its last event or bookmark, which may lie
     * before the watch cache's window and cost a replay from the store.
     */
    private void expire() {
        if (options.bookmarks()) {
            bookmark();
        }
        finish();
    }

    private void finishWithError(int code, String reason, String message) {
        synchronized (this) {
            if (closed || finishing) {
                return;
            }
            pending.add(lineBytes("ERROR", StatusBodies.failure(code, reason, message, null, null, null, List.of())));
            needsFlush = true;
            finishing = true;
        }
        pump();
    }

    /** Ends the response once what is pending is written. */
    private void finish() {
        synchronized (this) {
            finishing = true;
        }
        pump();
    }

    /**
     * The client is gone or the response completed: stop everything at once, and end the response
     * so the container closes the connection now. Left open until the watch's timeout, a failed
     * connection keeps its write failure, whose stack trace names the classes of the thread that
     * wrote (the store's delivery thread): that kept an updated store bundle's class loader alive.
     */
    private synchronized void close() {
        if (!closed) {
            closed = true;
            release();
            try {
                if (output != null) {
                    output.end();
                }
            } catch (IllegalStateException alreadyCompleted) {
                // called from the container's own completion callback
            }
        }
    }

    /** A stream whose start failed: gives back what it holds. */
    synchronized void abandon() {
        release();
    }

    private void release() {
        if (!ended) {
            ended = true;
            onEnd.run(); // once, however the stream ended
        }
        pending.clear();
        timers.forEach(t -> t.cancel(false));
        if (subscription != null) {
            subscription.close();
        }
    }

    /** The line of an object already written: {@code {"type":…,"object":…}} and a newline, as the tree would give. */
    private static byte[] lineBytes(String eventType, byte[] object) {
        byte[] head = ("{\"type\":\"" + eventType + "\",\"object\":").getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[head.length + object.length + 2];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(object, 0, line, head.length, object.length);
        line[line.length - 2] = '}';
        line[line.length - 1] = '\n';
        return line;
    }

    private static byte[] lineBytes(String eventType, ObjectNode object) {
        ObjectNode event = Json.object();
        event.put("type", eventType);
        event.set("object", object);
        byte[] json = Json.bytes(event);
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }
}
