package dev.orchestrator.client;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.CacheProvider;
import tools.jackson.databind.cfg.DefaultCacheProvider;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.type.TypeFactory;

/**
 * fabric8's serialization, except that one object it cannot decode does not fail a whole list or
 * watch. Every response body and watch message of the client is decoded through
 * {@link #unmarshal(InputStream, TypeReference)}; for lists and watch events only, a failure is
 * retried leniently:
 * <ul>
 * <li>a list is decoded item by item and the items that fail are left out, so the Reflector of an
 * informer stores the others (and, on a relist, drops the object it cannot read, as if deleted);</li>
 * <li>a watch event whose object fails becomes a BOOKMARK carrying that event's resourceVersion, as
 * an instance of the object's own class (the object's apiVersion/kind with only name, namespace and
 * resourceVersion). fabric8's watch manager advances its resourceVersion past it and hands it on;
 * the Reflector ignores bookmarks and a plain Watcher, which did not ask for bookmarks, never sees
 * it. The feed goes on with the next event.</li>
 * </ul>
 * Each skip is logged with the kind, namespace/name and the decoding problem, and reported to the
 * listener given (the process' client counts them). Other types, YAML and malformed JSON fail as
 * before. Thread-safe, like fabric8's.
 *
 * <p>Watch events in the shape API servers write are decoded in one pass ({@link TypedWatchEvents}), not through the
 * tree fabric8 builds to find an object's class.
 *
 * <p>Its Jackson caches hold {@value #CACHED_TYPES} types rather than Jackson's 2,000: a process with informers
 * on many kinds (a Pod alone is ~150 types) goes past 2,000, and then every decode rebuilds the deserializers the
 * cache evicted, ten times slower (BENCHMARKS.md "Scheduler").
 *
 * <p>Use it for a client of your own as the process' client does (which also leaves managedFields' field sets out,
 * through {@link #tune}): {@code new KubernetesClientBuilder().withKubernetesSerialization(new
 * LenientSerialization()).build()}.
 */
public class LenientSerialization extends KubernetesSerialization {

    private static final Logger LOG = LoggerFactory.getLogger(LenientSerialization.class);
    private static final TypeFactory TYPES = TypeFactory.createDefaultInstance();

    /** More than the whole fabric8 model; an entry exists only for a type decoded or encoded. */
    static final int CACHED_TYPES = 20_000;

    private static final CacheProvider CACHES = DefaultCacheProvider.builder()
            .maxDeserializerCacheSize(CACHED_TYPES)
            .maxSerializerCacheSize(CACHED_TYPES)
            .maxTypeFactoryCacheSize(CACHED_TYPES)
            .build();

    private final Consumer<String> skipped;
    /**
     * Set by {@link #configureMapper}, which fabric8's constructor calls before this class' field initializers
     * would run: the field therefore has none.
     */
    private TypedWatchEvents typedEvents;

    /** Logs what it skips. */
    public LenientSerialization() {
        this(kind -> { });
    }

    /** @param skipped told the kind of every object skipped (after the log line), on the decoding thread */
    public LenientSerialization(Consumer<String> skipped) {
        this.skipped = skipped;
    }

    /** Called by fabric8's constructor, before this class' field initializers run. */
    @Override
    protected final ObjectMapper configureMapper(ObjectMapper mapper) {
        ObjectMapper configured = tune(super.configureMapper(mapper).rebuild().cacheProvider(CACHES)).build();
        typedEvents = new TypedWatchEvents(configured, this::getRegisteredKubernetesResource);
        return configured;
    }

    /**
     * What a subclass changes in the mapper (mix-ins, say) before it is built. Called from fabric8's constructor,
     * before any field of the subclass is set: decide from the class, not from its state.
     */
    protected tools.jackson.databind.cfg.MapperBuilder<?, ?> tune(tools.jackson.databind.cfg.MapperBuilder<?, ?> builder) {
        return builder;
    }

    @Override
    public <T> T unmarshal(InputStream is, TypeReference<T> type) {
        Class<?> raw = TypeFactory.rawClass(type.getType());
        boolean list = KubernetesResourceList.class.isAssignableFrom(raw);
        boolean event = WatchEvent.class.equals(raw);
        if (!list && !event) {
            return super.unmarshal(is, type);
        }
        byte[] body = readAll(is);
        if (event) {
            Optional<WatchEvent> typed = typedEvents.decode(body);
            if (typed.isPresent()) {
                @SuppressWarnings("unchecked") // type is WatchEvent
                T decoded = (T) typed.get();
                return decoded;
            }
        }
        try {
            return super.unmarshal(new ByteArrayInputStream(body), type);
        } catch (KubernetesClientException e) {
            if (!(e.getCause() instanceof JacksonException) || !startsAsObject(body)) {
                throw e;
            }
            try {
                return list ? leniently(body, type, e) : asBookmark(body, type, e);
            } catch (RuntimeException notEvenThat) {
                if (notEvenThat != e) {
                    e.addSuppressed(notEvenThat);
                }
                throw e;
            }
        }
    }

    private <T> T leniently(byte[] body, TypeReference<T> type, KubernetesClientException failure) {
        ObjectNode list = (ObjectNode) super.unmarshal(new ByteArrayInputStream(body), JsonNode.class);
        if (!(list.get("items") instanceof ArrayNode items)) {
            throw failure;
        }
        Class<?> element = elementClass(type.getType());
        ArrayNode kept = list.arrayNode();
        for (JsonNode item : items) {
            try {
                convertValue(item, element);
                kept.add(item);
            } catch (RuntimeException e) {
                skipped("list", kindOf(item, element.getSimpleName()), item, e);
            }
        }
        if (kept.size() == items.size()) {
            throw failure; // the list itself, not an item, cannot be decoded
        }
        list.set("items", kept);
        return super.unmarshal(new ByteArrayInputStream(bytes(list)), type);
    }

    private <T> T asBookmark(byte[] body, TypeReference<T> type, KubernetesClientException failure) {
        ObjectNode event = (ObjectNode) super.unmarshal(new ByteArrayInputStream(body), JsonNode.class);
        if (!(event.get("object") instanceof ObjectNode object) || "ERROR".equals(event.path("type").asString(""))) {
            throw failure;
        }
        skipped("watch " + event.path("type").asString("?"), kindOf(object, "unknown"), object, failure);
        JsonNode meta = object.path("metadata");
        ObjectNode stub = event.objectNode();
        copyText(object, stub, "apiVersion");
        copyText(object, stub, "kind");
        ObjectNode stubMeta = stub.putObject("metadata");
        copyText(meta, stubMeta, "name");
        copyText(meta, stubMeta, "namespace");
        copyText(meta, stubMeta, "resourceVersion");
        ObjectNode bookmark = event.objectNode();
        bookmark.put("type", "BOOKMARK");
        bookmark.set("object", stub);
        return super.unmarshal(new ByteArrayInputStream(bytes(bookmark)), type);
    }

    private void skipped(String where, String kind, JsonNode object, Exception problem) {
        JsonNode meta = object.path("metadata");
        String namespace = meta.path("namespace").isString() ? meta.path("namespace").asString() : "";
        String name = meta.path("name").isString() ? meta.path("name").asString() : "<no name>";
        LOG.warn("skipping an object that cannot be decoded in={} kind={} object={} problem={}", where, kind,
                namespace.isEmpty() ? name : namespace + "/" + name, problem(problem));
        skipped.accept(kind);
    }

    /** Jackson's own words and the path to the offending field, without the whole document. */
    static String problem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException j) {
                String path = j.getPathReference();
                return j.getOriginalMessage() + (path == null || path.isEmpty() ? "" : " at " + path);
            }
        }
        return e.toString();
    }

    private static String kindOf(JsonNode object, String otherwise) {
        JsonNode kind = object.path("kind");
        return kind.isString() && !kind.asString().isBlank() ? kind.asString() : otherwise;
    }

    private static void copyText(JsonNode from, ObjectNode to, String field) {
        JsonNode value = from.path(field);
        if (value.isString()) {
            to.put(field, value.asString());
        }
    }

    /** The item class of a list type: {@code Pod} for {@code PodList} and for {@code DefaultKubernetesResourceList<Pod>}. */
    static Class<?> elementClass(Type listType) {
        JavaType[] parameters = TYPES.constructType(listType).findTypeParameters(KubernetesResourceList.class);
        return parameters.length == 1 ? parameters[0].getRawClass() : Object.class;
    }

    private static boolean startsAsObject(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return b == '{';
            }
        }
        return false;
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream is) {
        try (is) {
            return is.readAllBytes();
        } catch (IOException e) {
            throw new KubernetesClientException("An error has occurred.", e);
        }
    }
}
