package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Objects as their metadata only ({@code meta.k8s.io/v1} PartialObjectMetadata and PartialObjectMetadataList), as
 * client-go's metadata client, its metadata informers and controller-runtime's metadata-only watches ask for them
 * with {@code Accept: application/json;as=PartialObjectMetadata[List];g=meta.k8s.io;v=v1}, for get, list and watch.
 */
final class PartialMetadata {

    static final String CONTENT_TYPE = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1";
    static final String LIST_CONTENT_TYPE = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
    private static final String API_VERSION = "meta.k8s.io/v1";

    private PartialMetadata() {
    }

    /**
     * Whether the first media range of {@code accept} this server can answer asks for metadata only. Ranges of
     * protobuf, which this server does not write, are passed over (client-go lists protobuf first, then JSON); a plain
     * JSON range before the partial one asks for whole objects.
     */
    static boolean wanted(String accept) {
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
            if (mediaType.equals("application/vnd.kubernetes.protobuf")) {
                continue;
            }
            String as = null;
            String group = null;
            for (int i = 1; i < parts.length; i++) {
                String[] parameter = parts[i].split("=", 2);
                String value = parameter.length == 2 ? parameter[1].trim() : "";
                switch (parameter[0].trim().toLowerCase(Locale.ROOT)) {
                    case "as" -> as = value;
                    case "g" -> group = value;
                    default -> { }
                }
            }
            return (mediaType.equals("application/json") || mediaType.equals("*/*"))
                    && ("PartialObjectMetadata".equals(as) || "PartialObjectMetadataList".equals(as))
                    && "meta.k8s.io".equals(group);
        }
        return false;
    }

    /** The object's metadata as a PartialObjectMetadata (a copy: the object is left as it is). */
    static ObjectNode of(ObjectNode object) {
        ObjectNode partial = Json.object();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", API_VERSION);
        JsonNode metadata = object.path("metadata");
        partial.set("metadata", metadata.isObject() ? metadata.deepCopy() : Json.object());
        return partial;
    }

    static ObjectNode list(List<ObjectNode> objects, String resourceVersion, String continueToken) {
        ObjectNode list = Json.object();
        list.put("kind", "PartialObjectMetadataList");
        list.put("apiVersion", API_VERSION);
        ObjectNode metadata = list.putObject("metadata");
        metadata.put("resourceVersion", resourceVersion);
        if (continueToken != null) {
            metadata.put("continue", continueToken);
        }
        ArrayNode items = list.putArray("items");
        objects.forEach(o -> items.add(of(o)));
        return list;
    }
}
