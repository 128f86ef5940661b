package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.store.ConflictException;
import dev.orchestrator.api.store.Deletion;
import dev.orchestrator.api.store.ExpiredException;
import dev.orchestrator.api.store.FutureRevisionException;
import dev.orchestrator.api.store.InvalidKeyException;
import dev.orchestrator.api.store.InvalidValueException;
import dev.orchestrator.api.store.KeyExistsException;
import dev.orchestrator.api.store.KeyNotFoundException;
import dev.orchestrator.api.store.KeyValue;
import dev.orchestrator.api.store.ListRequest;
import dev.orchestrator.api.store.ListResult;
import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.StoreUnavailableException;
import dev.orchestrator.apiserver.internal.encryption.UnreadableValueException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * API objects in the {@link Store}: JSON values under {@code /registry/...} keys, with
 * {@code metadata.resourceVersion} being the store revision of the version read. Store
 * errors become API errors here.
 */
final class ObjectStorage {

    /** Kubernetes' words for a write against a version that is no longer the stored one. */
    static final String MODIFIED = "the object has been modified; please apply your changes to the latest version and "
            + "try again";

    private static final int MAX_UPDATE_ATTEMPTS = 16;
    /** Keys read per store call by {@link #forEach}: about 1 MiB of ConfigMaps. */
    static final int STREAM_CHUNK = 1000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ObjectStorage.class);

    private final Store store;
    private final DecodedObjects lookedUp = new DecodedObjects(1024);

    ObjectStorage(Store store) {
        this.store = store;
    }

    Optional<ObjectNode> get(ResourceType type, String namespace, String name) {
        return call(() -> store.get(type.key(namespace, name))).map(ObjectStorage::decode);
    }

    /**
     * As {@link #get}, for objects read far more often than written (what admission looks up on every write): the
     * store is read each time, the JSON decoded only when the object changed since.
     */
    Optional<ObjectNode> lookUp(ResourceType type, String namespace, String name) {
        return call(() -> store.get(type.key(namespace, name))).map(lookedUp::decode);
    }

    /**
     * Every object under {@code namespace} (null: all namespaces), newest, as {@link #lookUp} reads one: for the few
     * objects admission lists on every write (LimitRanges, PriorityClasses), decoded only when changed. Objects that
     * cannot be decoded are left out, as a list leaves them out.
     */
    List<ObjectNode> lookUpAll(ResourceType type, String namespace) {
        List<ObjectNode> all = new ArrayList<>();
        forEachStored(type, namespace, 0, revision -> { }, kv -> {
            try {
                all.add(lookedUp.decode(kv));
            } catch (UnreadableObjectException e) {
                skipped(e);
            }
        });
        return all;
    }

    ObjectNode getOrNotFound(ResourceType type, String namespace, String name) {
        return get(type, namespace, name).orElseThrow(() -> ApiException.notFound(type, name));
    }

    /** The object as served (of a type served as stored), written: what a GET answers. */
    byte[] servedOrNotFound(ResourceType type, String namespace, String name) {
        KeyValue kv = call(() -> store.get(type.key(namespace, name))).orElseThrow(() -> ApiException.notFound(type, name));
        return served(kv, kv.modRevision());
    }

    /**
     * The stored object as served at {@code revision} (its own, or a deletion's), written: spliced from the stored
     * bytes (StoredJson) where they allow it, else decoded and written.
     *
     * @throws UnreadableObjectException when what is stored is not a JSON object
     */
    static byte[] served(KeyValue kv, long revision) {
        byte[] spliced = StoredJson.withResourceVersion(kv.value(), revision);
        return spliced != null ? spliced : Json.bytes(withRevision(decode(kv), revision));
    }

    /** A page of objects and what the client needs to continue. */
    record Page(List<ObjectNode> items, long revision, String continueToken) {
    }

    /**
     * Lists under {@code namespace} (null: all namespaces) at {@code revision} (0: newest),
     * keeping objects the filter accepts, until {@code limit} (0: all) are found.
     */
    Page list(ResourceType type, String namespace, long revision, int limit, String continueToken,
              java.util.function.Predicate<ObjectNode> filter) {
        String prefix = type.keyPrefix(namespace);
        Optional<String> startAfter = Optional.empty();
        if (continueToken != null && !continueToken.isEmpty()) {
            Continue c = Continue.decode(continueToken, prefix);
            revision = c.revision();
            startAfter = Optional.of(c.lastKey());
        }
        List<ObjectNode> items = new ArrayList<>();
        long readRevision = revision;
        while (true) {
            int chunk = limit == 0 ? 0 : Math.max(limit - items.size(), 1);
            ListRequest request = new ListRequest(prefix, readRevision, chunk, startAfter);
            ListResult page;
            try {
                page = call(() -> store.list(request));
            } catch (ApiException e) {
                if (e.code == 410 && continueToken != null && !continueToken.isEmpty()) {
                    throw ApiException.gone("The provided continue parameter is too old to display a consistent list "
                            + "result. You can start a new list without the continue parameter.");
                }
                throw e;
            }
            readRevision = page.revision();
            for (KeyValue kv : page.items()) {
                ObjectNode object = decodeOrSkip(kv);
                if (object != null && filter.test(object)) {
                    items.add(object);
                }
                startAfter = Optional.of(kv.key());
                if (limit > 0 && items.size() == limit) {
                    boolean more = page.hasMore() || kv != page.items().get(page.items().size() - 1);
                    return new Page(items, readRevision, more ? new Continue(readRevision, kv.key()).encode() : null);
                }
            }
            if (!page.hasMore()) {
                return new Page(items, readRevision, null);
            }
        }
    }

    /**
     * Lists everything under {@code namespace} (null: all namespaces) at {@code revision} (0: newest) without holding
     * it all at once: reads the store {@value #STREAM_CHUNK} keys at a time, every chunk at the revision of the first
     * read, hands {@code start} that revision before any object, then each object the filter accepts to {@code item}.
     */
    void forEach(ResourceType type, String namespace, long revision, java.util.function.Predicate<ObjectNode> filter,
                 java.util.function.LongConsumer start, java.util.function.Consumer<ObjectNode> item) {
        forEachStored(type, namespace, revision, start, kv -> {
            ObjectNode object = decodeOrSkip(kv);
            if (object != null && filter.test(object)) {
                item.accept(object);
            }
        });
    }

    /** As {@link #forEach}, every object as stored. */
    void forEachStored(ResourceType type, String namespace, long revision, java.util.function.LongConsumer start,
                       java.util.function.Consumer<KeyValue> item) {
        String prefix = type.keyPrefix(namespace);
        Optional<String> startAfter = Optional.empty();
        long readRevision = revision;
        boolean started = false;
        while (true) {
            ListRequest request = new ListRequest(prefix, readRevision, STREAM_CHUNK, startAfter);
            ListResult page = call(() -> store.list(request));
            readRevision = page.revision();
            if (!started) {
                start.accept(readRevision);
                started = true;
            }
            for (KeyValue kv : page.items()) {
                item.accept(kv);
                startAfter = Optional.of(kv.key());
            }
            if (!page.hasMore()) {
                return;
            }
        }
    }

    ObjectNode create(ResourceType type, String namespace, String name, ObjectNode object) {
        return createWritten(type, namespace, name, object).object();
    }

    /** Creates, and keeps what was stored for the answer ({@link Written#served}). */
    Written createWritten(ResourceType type, String namespace, String name, ObjectNode object) {
        try {
            KeyValue kv = call(() -> store.create(type.key(namespace, name), Json.bytes(object)));
            return new Written(withRevision(object, kv.modRevision()), kv);
        } catch (KeyExistsException e) {
            throw ApiException.alreadyExists(type, name);
        }
    }

    /**
     * An object as written: the tree, with its resourceVersion, and what the store holds (null for a dry run, which
     * stores nothing).
     */
    record Written(ObjectNode object, KeyValue stored) {

        /**
         * The object as the stored version serves it, written: spliced from the stored bytes when there are any
         * (StoredJson: byte for byte what writing the tree gives), so a create is not written out twice.
         */
        byte[] served() {
            return stored != null ? ObjectStorage.served(stored, stored.modRevision()) : Json.bytes(object);
        }
    }

    /**
     * Replaces the object if it is still at {@code expectedRevision}.
     *
     * @throws ApiException 409 Conflict when it changed, 404 when it is gone
     */
    ObjectNode update(ResourceType type, String namespace, String name, ObjectNode object, long expectedRevision) {
        try {
            ObjectNode stored = object.deepCopy();
            ((ObjectNode) stored.path("metadata")).remove("resourceVersion");
            KeyValue kv = call(() -> store.update(type.key(namespace, name), Json.bytes(stored), expectedRevision));
            return withRevision(stored, kv.modRevision());
        } catch (ConflictException e) {
            throw ApiException.conflict(type, name, MODIFIED);
        } catch (KeyNotFoundException e) {
            throw ApiException.notFound(type, name);
        }
    }

    /**
     * Reads, transforms and writes back with compare-and-swap, retrying when a concurrent
     * writer got there first (the transformation runs again on the newer object).
     */
    ObjectNode guaranteedUpdate(ResourceType type, String namespace, String name, UnaryOperator<ObjectNode> change) {
        for (int attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
            ObjectNode current = getOrNotFound(type, namespace, name);
            long revision = Long.parseLong(current.path("metadata").path("resourceVersion").asText());
            ObjectNode updated = change.apply(current.deepCopy());
            if (updated.equals(current)) {
                return current;
            }
            try {
                return update(type, namespace, name, updated, revision);
            } catch (ApiException e) {
                if (e.code != 409 || !"Conflict".equals(e.reason)) {
                    throw e;
                }
            }
        }
        throw ApiException.conflict(type, name, "too many concurrent updates; try again");
    }

    /** Removes the object if still at {@code expectedRevision} (0: any) and returns it as it was. */
    ObjectNode delete(ResourceType type, String namespace, String name, long expectedRevision) {
        try {
            Deletion d = call(() -> store.delete(type.key(namespace, name), expectedRevision));
            return decode(d.previous());
        } catch (ConflictException e) {
            throw ApiException.conflict(type, name, MODIFIED);
        } catch (KeyNotFoundException e) {
            throw ApiException.notFound(type, name);
        }
    }

    long currentRevision() {
        return call(store::currentRevision);
    }

    static ObjectNode decode(KeyValue kv) {
        try {
            return withRevision(Json.readStored(kv.value()), kv.modRevision());
        } catch (IllegalStateException e) {
            throw new UnreadableObjectException(kv.key(), kv.modRevision(), e);
        }
    }

    /** The object, or null (with a log line naming it) when what is stored cannot be read: one bad value never fails a whole list. */
    static ObjectNode decodeOrSkip(KeyValue kv) {
        try {
            return decode(kv);
        } catch (UnreadableObjectException e) {
            skipped(e);
            return null;
        }
    }

    /** Says which stored object a list leaves out, and why. */
    static void skipped(UnreadableObjectException e) {
        LOG.warn("skipping {}: {}", e.getMessage(), e.getCause() == null ? "" : e.getCause().getCause());
    }

    /** What is stored under a key is not a JSON object (written by something other than this API server). */
    static final class UnreadableObjectException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableObjectException(String key, long revision, Throwable cause) {
            super("the stored object " + key + " at revision " + revision + " cannot be read", cause);
        }
    }

    static ObjectNode withRevision(ObjectNode object, long revision) {
        Json.objectField(object, "metadata").put("resourceVersion", Long.toString(revision));
        return object;
    }

    /** Runs a store call, turning availability and revision errors into API errors. */
    static <T> T call(java.util.function.Supplier<T> storeCall) {
        try {
            return storeCall.get();
        } catch (StoreUnavailableException e) {
            throw ApiException.unavailable("the storage is unavailable: " + e.getMessage());
        } catch (ExpiredException e) {
            throw ApiException.gone("too old resource version: " + e.getMessage());
        } catch (FutureRevisionException e) {
            throw ApiException.timeout("Timeout: Too large resource version: " + e.getMessage());
        } catch (InvalidValueException e) {
            throw ApiException.tooLarge("the object is too large to store: " + e.getMessage());
        } catch (InvalidKeyException e) {
            throw ApiException.badRequest("the object cannot be stored under its name: " + e.getMessage());
        } catch (UnreadableValueException e) {
            throw ApiException.internal("Internal error occurred: " + e.getMessage()); // the server's keys, not the client
        }
    }

    /** The continue token: the revision of the first page and the last key returned. */
    record Continue(long revision, String lastKey) {
        String encode() {
            String json = "{\"v\":\"meta.k8s.io/v1\",\"rv\":" + revision + ",\"start\":" + Json.NODES.textNode(lastKey) + "}";
            return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static Continue decode(String token, String prefix) {
            try {
                byte[] raw = Base64.getUrlDecoder().decode(token.trim());
                ObjectNode node = (ObjectNode) Json.MAPPER.readTree(raw);
                long rv = node.path("rv").asLong(-1);
                String start = node.path("start").asText(null);
                if (rv <= 0 || start == null || !start.startsWith(prefix)) {
                    throw new IllegalArgumentException("token does not belong to this list");
                }
                return new Continue(rv, start);
            } catch (Exception e) {
                throw ApiException.badRequest("invalid continue token \"" + token + "\": " + e.getMessage());
            }
        }
    }
}
