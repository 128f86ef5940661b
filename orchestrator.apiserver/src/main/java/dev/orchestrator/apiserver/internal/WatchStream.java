package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.store.ExpiredException;
import dev.orchestrator.api.store.FutureRevisionException;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.WatchEvent;
import dev.orchestrator.api.store.WatchListener;
import dev.orchestrator.api.store.WatchOverflowException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code ?watch=true} response: a chunked stream of {@code {"type","object"}} lines.
 * With resourceVersion unset or "0" it starts with an ADDED event per matching object, then
 * streams changes; with a resourceVersion it streams changes after it, or one ERROR event
 * (410 Expired) when that version is compacted. Objects entering or leaving the selectors
 * show up as ADDED or DELETED. Store events are queued by the store's delivery thread and
 * written by the request thread, so a slow client never blocks the store.
 */
final class WatchStream implements WatchListener {

    private static final Object END = new Object();
    private static final long BOOKMARK_EVERY_MILLIS = 30_000;
    private static final int MAX_BACKLOG = 10_000;

    private final ResourceType type;
    private final ListOptions options;
    private final boolean table;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile StoreException endedBy;
    private boolean columnsSent;
    private EncodedEvents encoded;
    private long lastRevision;

    WatchStream(ResourceType type, ListOptions options, boolean table) {
        this.type = type;
        this.options = options;
        this.table = table;
    }

    /** Streams until the timeout, the client leaving, or the store ending the watch. */
    void run(ObjectStorage storage, WatchCache cache, String namespace, OutputStream out, Runnable flush)
            throws IOException {
        long start;
        String rv = options.resourceVersion();
        if (rv == null || rv.isEmpty() || rv.equals("0")) {
            ObjectStorage.Page initial = storage.list(type, namespace, 0, 0, null, options::matches);
            for (ObjectNode o : initial.items()) {
                write(out, "ADDED", o);
            }
            start = initial.revision();
        } else {
            start = Long.parseLong(rv);
        }
        lastRevision = start;
        flush.run();
        WatchCache.Subscription watch;
        try {
            long current = storage.currentRevision();
            if (start > current) {
                throw new FutureRevisionException("revision " + start + " is newer than " + current);
            }
            watch = cache.subscribe(type.keyPrefix(null), type.keyPrefix(namespace), start, this);
            encoded = cache.encodedEvents();
        } catch (ExpiredException e) {
            writeError(out, 410, "Expired", "too old resource version: " + start + " (" + e.getMessage() + ")");
            flush.run();
            return;
        } catch (FutureRevisionException e) {
            writeError(out, 504, "Timeout", "Too large resource version: " + start + ", current: "
                    + storage.currentRevision());
            flush.run();
            return;
        }
        try {
            pump(out, flush);
        } finally {
            watch.close();
        }
    }

    private void pump(OutputStream out, Runnable flush) throws IOException {
        long deadline = options.timeoutSeconds() > 0
                ? System.currentTimeMillis() + options.timeoutSeconds() * 1000 : Long.MAX_VALUE;
        long nextBookmark = System.currentTimeMillis() + BOOKMARK_EVERY_MILLIS;
        while (true) {
            long now = System.currentTimeMillis();
            if (now >= deadline) {
                return;
            }
            Object item;
            try {
                item = queue.poll(Math.min(deadline, nextBookmark) - now, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (item == END) {
                StoreException reason = endedBy;
                if (reason instanceof ExpiredException) {
                    writeError(out, 410, "Expired", "too old resource version: " + reason.getMessage());
                    flush.run();
                }
                return; // overflow or store gone: the client re-watches from its last version
            }
            if (item instanceof WatchEvent e) {
                emit(out, e);
                if (queue.isEmpty()) {
                    flush.run();
                }
            } else if (options.bookmarks() && System.currentTimeMillis() >= nextBookmark) {
                ObjectNode bookmark = Json.object();
                bookmark.put("kind", type.kind());
                bookmark.put("apiVersion", type.apiVersion());
                bookmark.putObject("metadata").put("resourceVersion", Long.toString(lastRevision));
                line(out, "BOOKMARK", bookmark);
                flush.run();
            }
            if (System.currentTimeMillis() >= nextBookmark) {
                nextBookmark = System.currentTimeMillis() + BOOKMARK_EVERY_MILLIS;
            }
        }
    }

    private void emit(OutputStream out, WatchEvent e) throws IOException {
        lastRevision = e.revision();
        if (!table && options.labels().isEverything() && options.fields().isEverything() && encoded != null) {
            // Every plain watcher of the resource sends the same line: encode it once for all.
            out.write(encoded.line(e, () -> {
                ObjectNode object = e.type() == WatchEvent.Type.DELETED
                        ? ObjectStorage.withRevision(ObjectStorage.decode(e.previous().orElseThrow()), e.revision())
                        : ObjectStorage.decode(e.current().orElseThrow());
                return lineBytes(e.type().name(), object);
            }));
            return;
        }
        ObjectNode current = e.current().map(ObjectStorage::decode).orElse(null);
        ObjectNode previous = e.previous().map(ObjectStorage::decode).orElse(null);
        boolean nowMatches = current != null && options.matches(current);
        boolean matchedBefore = previous != null && options.matches(previous);
        switch (e.type()) {
            case ADDED -> {
                if (nowMatches) {
                    write(out, "ADDED", current);
                }
            }
            case MODIFIED -> {
                if (nowMatches && matchedBefore) {
                    write(out, "MODIFIED", current);
                } else if (nowMatches) {
                    write(out, "ADDED", current);
                } else if (matchedBefore) {
                    write(out, "DELETED", ObjectStorage.withRevision(current, e.revision()));
                }
            }
            case DELETED -> {
                if (matchedBefore) {
                    write(out, "DELETED", ObjectStorage.withRevision(previous, e.revision()));
                }
            }
            default -> { }
        }
    }

    private void write(OutputStream out, String eventType, ObjectNode object) throws IOException {
        if (table) {
            ObjectNode t = Tables.table(type, List.of(object), null, null, !columnsSent);
            columnsSent = true;
            line(out, eventType, t);
        } else {
            line(out, eventType, object);
        }
    }

    private static void writeError(OutputStream out, int code, String reason, String message) throws IOException {
        line(out, "ERROR", StatusBodies.failure(code, reason, message, null, null, null, List.of()));
    }

    private static void line(OutputStream out, String eventType, ObjectNode object) throws IOException {
        out.write(lineBytes(eventType, object));
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

    @Override
    public void onEvents(List<WatchEvent> events) {
        if (queue.size() + events.size() > MAX_BACKLOG) {
            // The client reads slower than objects change: end the stream, it re-watches.
            endedBy = new WatchOverflowException("watch client fell " + MAX_BACKLOG + " events behind");
            queue.clear();
            queue.add(END);
            return;
        }
        queue.addAll(events);
    }

    @Override
    public void onClose(Optional<StoreException> error) {
        endedBy = error.orElse(null);
        queue.add(END);
    }

}
