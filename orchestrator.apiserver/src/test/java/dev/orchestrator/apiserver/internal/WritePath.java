package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.store.embedded.internal.EmbeddedStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The API server's write path on a real embedded store in a temporary directory, with the namespace
 * {@code default}: what the write-path tests share. {@link #close()} closes the store and removes the directory.
 */
final class WritePath implements AutoCloseable {

    final ResourceRegistry registry;
    final EmbeddedStore store;
    final ObjectStorage storage;
    final ObjectWrites writes;
    private final Path dir;

    WritePath() throws IOException {
        this(new ResourceRegistry());
    }

    /** With {@code registry}: one that knows who writes (CSRs record their requester). */
    WritePath(ResourceRegistry registry) throws IOException {
        this(registry, UnaryOperator.identity());
    }

    /** With the storage reading and writing through {@code seen}, which sees what the write path asks of the store. */
    WritePath(ResourceRegistry registry, UnaryOperator<Store> seen) throws IOException {
        this.registry = registry;
        dir = Files.createTempDirectory("orch-writes");
        store = new EmbeddedStore(EmbeddedStore.Settings.defaults(dir));
        storage = new ObjectStorage(seen.apply(store));
        Schemas schemas = new Schemas(registry);
        writes = new ObjectWrites(storage, registry, new Allocations(store, "10.96.0.0/16", 30000, 32767),
                new TypedDecoding(schemas), new FieldValidation(schemas));
        writes.create(type("", "v1", "namespaces"), null, json("{'metadata':{'name':'default'}}"), false);
    }

    ResourceType type(String group, String version, String plural) {
        return registry.find(group, version, plural).orElseThrow();
    }

    /** JSON written with single quotes, for readable test bodies. */
    static ObjectNode json(String text) {
        return Json.parseObject(text.replace('\'', '"').getBytes(StandardCharsets.UTF_8), false);
    }

    /** The cause of a 422 naming {@code field}. */
    static ApiException.Cause cause(ApiException e, String field) {
        assertEquals(422, e.code, e.getMessage());
        return e.causes.stream().filter(c -> c.field().equals(field)).findFirst()
                .orElseThrow(() -> new AssertionError("no cause for " + field + " in " + e.causes));
    }

    @Override
    public void close() throws Exception {
        store.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
