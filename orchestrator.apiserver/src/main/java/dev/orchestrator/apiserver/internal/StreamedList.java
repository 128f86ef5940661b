package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A list answer written while the store is read: one object at a time into the response, so a list of every object of
 * a kind (100,000 ConfigMaps are ~120 MiB of JSON) never needs the whole list, decoded or encoded, in the heap. Only for
 * lists without a limit: their metadata is the revision alone, known once the first chunk is read, so it can come first
 * as Kubernetes writes it.
 */
final class StreamedList {

    private final ObjectStorage storage;

    StreamedList(ObjectStorage storage) {
        this.storage = storage;
    }

    void send(ResourceType type, String namespace, ListOptions options, HttpServletResponse response) throws IOException {
        Writer writer = new Writer(type, response);
        try {
            if (!type.converted() && options.labels().isEverything() && options.fields().isEverything()) {
                // nothing to select or convert: each object goes out as stored, with its resourceVersion added
                storage.forEachStored(type, namespace, options.listRevision(), writer::begin, kv -> {
                    try {
                        writer.item(ObjectStorage.served(kv, kv.modRevision()));
                    } catch (ObjectStorage.UnreadableObjectException e) {
                        ObjectStorage.skipped(e);
                    }
                });
            } else {
                storage.forEach(type, namespace, options.listRevision(), options::matches, writer::begin,
                        object -> writer.item(type.served(object)));
            }
            writer.end();
        } catch (RuntimeException e) {
            if (!response.isCommitted()) {
                response.reset();
                throw e; // nothing was sent: the client gets a Status
            }
            // The client has a part of a 200: ending the response normally would hand it a truncated list, so the
            // connection is broken off instead (the servlet container aborts a response whose servlet throws this).
            Throwable cause = e instanceof UncheckedIOException io ? io.getCause() : e;
            throw new IOException("list of " + type.qualifiedName() + " abandoned after " + writer.written + " objects",
                    cause);
        }
    }

    private static final class Writer {
        private final ResourceType type;
        private final HttpServletResponse response;
        private JsonGenerator json;
        private long written;

        Writer(ResourceType type, HttpServletResponse response) {
            this.type = type;
            this.response = response;
        }

        void begin(long revision) {
            try {
                response.setStatus(200);
                response.setContentType("application/json");
                json = Json.MAPPER.createGenerator(response.getOutputStream());
                json.writeStartObject();
                json.writeStringField("kind", type.listKind());
                json.writeStringField("apiVersion", type.apiVersion());
                json.writeObjectFieldStart("metadata");
                json.writeStringField("resourceVersion", Long.toString(revision));
                json.writeEndObject();
                json.writeArrayFieldStart("items");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void item(ObjectNode object) {
            try {
                json.writeTree(object);
                written++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** An object already written, as it is to appear in the list. */
        void item(byte[] object) {
            try {
                json.writeRawValue(new String(object, StandardCharsets.UTF_8));
                written++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void end() throws IOException {
            json.writeEndArray();
            json.writeEndObject();
            json.close();
        }
    }
}
