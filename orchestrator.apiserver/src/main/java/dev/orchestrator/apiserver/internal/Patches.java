package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** JSON patch (RFC 6902), JSON merge patch (RFC 7386) and Kubernetes strategic merge patch. */
final class Patches {

    static final String JSON_PATCH = "application/json-patch+json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    static final String APPLY_PATCH = "application/apply-patch+yaml";

    private Patches() {
    }

    /** The media type of a Content-Type header without its parameters, lower case ("" when absent). */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase();
    }

    static ObjectNode apply(String contentType, ObjectNode target, byte[] body) {
        String type = mediaType(contentType);
        return switch (type) {
            case JSON_PATCH -> jsonPatch(target, Json.parse(body, false));
            case MERGE_PATCH -> asObject(mergePatch(target, Json.parseObject(body, false)));
            case STRATEGIC_MERGE_PATCH -> StrategicMerge.apply(target, Json.parseObject(body, false));
            default -> throw ApiException.unsupportedMediaType("the body of the request was in an unknown format - "
                    + "accepted media types include: " + JSON_PATCH + ", " + MERGE_PATCH + ", " + STRATEGIC_MERGE_PATCH
                    + ", " + APPLY_PATCH);
        };
    }

    /** RFC 7386: objects merge recursively, null removes, anything else replaces. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.object();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isNull()) {
                result.remove(f.getKey());
            } else {
                result.set(f.getKey(), mergePatch(result.get(f.getKey()), f.getValue()));
            }
        }
        return result;
    }

    /** RFC 6902 operations, applied in order; any failure rejects the whole patch. */
    static ObjectNode jsonPatch(ObjectNode target, JsonNode patch) {
        if (!patch.isArray()) {
            throw ApiException.badRequest("a JSON patch must be an array of operations");
        }
        JsonNode doc = target.deepCopy();
        for (int i = 0; i < patch.size(); i++) {
            JsonNode op = patch.get(i);
            String name = op.path("op").asText("");
            String path = op.path("path").asText(null);
            if (path == null) {
                throw ApiException.badRequest("JSON patch operation " + i + " has no \"path\"");
            }
            doc = switch (name) {
                case "add" -> add(doc, path, value(op, i));
                case "remove" -> remove(doc, path, i);
                case "replace" -> add(remove(doc, path, i), path, value(op, i));
                case "move" -> {
                    String from = op.path("from").asText();
                    JsonNode moved = at(doc, from, i);
                    yield add(remove(doc, from, i), path, moved);
                }
                case "copy" -> add(doc, path, at(doc, op.path("from").asText(), i).deepCopy());
                case "test" -> {
                    if (!at(doc, path, i).equals(value(op, i))) {
                        throw ApiException.unprocessable("JSON patch test operation " + i + " failed at " + path);
                    }
                    yield doc;
                }
                default -> throw ApiException.badRequest("JSON patch operation " + i + " has unknown op \"" + name + "\"");
            };
        }
        return asObject(doc);
    }

    private static JsonNode value(JsonNode op, int i) {
        if (!op.has("value")) {
            throw ApiException.badRequest("JSON patch operation " + i + " needs a \"value\"");
        }
        return op.get("value").deepCopy();
    }

    private static List<String> pointer(String path) {
        List<String> tokens = new ArrayList<>();
        if (path.isEmpty()) {
            return tokens;
        }
        if (!path.startsWith("/")) {
            throw ApiException.badRequest("JSON pointer \"" + path + "\" must start with '/'");
        }
        for (String t : path.substring(1).split("/", -1)) {
            tokens.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    private static JsonNode at(JsonNode doc, String path, int i) {
        JsonNode node = doc;
        for (String t : pointer(path)) {
            node = node.isArray() ? node.get(index(t, node.size() - 1, path)) : node.get(t);
            if (node == null) {
                throw ApiException.unprocessable("JSON patch operation " + i + ": path " + path + " does not exist");
            }
        }
        return node;
    }

    private static JsonNode add(JsonNode doc, String path, JsonNode value) {
        List<String> tokens = pointer(path);
        if (tokens.isEmpty()) {
            return value;
        }
        JsonNode parent = parent(doc, tokens, -1);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            if (last.equals("-")) {
                a.add(value);
            } else {
                a.insert(index(last, a.size(), path), value);
            }
        } else {
            throw ApiException.unprocessable("cannot add at " + path + ": parent is not an object or array");
        }
        return doc;
    }

    private static JsonNode remove(JsonNode doc, String path, int i) {
        List<String> tokens = pointer(path);
        if (tokens.isEmpty()) {
            throw ApiException.unprocessable("JSON patch operation " + i + " cannot remove the whole document");
        }
        JsonNode parent = parent(doc, tokens, i);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode o && o.has(last)) {
            o.remove(last);
        } else if (parent instanceof ArrayNode a) {
            a.remove(index(last, a.size() - 1, path));
        } else {
            throw ApiException.unprocessable("JSON patch operation " + i + ": path " + path + " does not exist");
        }
        return doc;
    }

    private static JsonNode parent(JsonNode doc, List<String> tokens, int i) {
        if (tokens.size() == 1) {
            return doc;
        }
        List<String> escaped = tokens.subList(0, tokens.size() - 1).stream()
                .map(t -> t.replace("~", "~0").replace("/", "~1")).toList();
        return at(doc, "/" + String.join("/", escaped), i);
    }

    private static int index(String token, int max, String path) {
        try {
            int i = Integer.parseInt(token);
            if (i < 0 || i > max) {
                throw ApiException.unprocessable("array index " + i + " out of range at " + path);
            }
            return i;
        } catch (NumberFormatException e) {
            throw ApiException.unprocessable("\"" + token + "\" is not an array index at " + path);
        }
    }

    private static ObjectNode asObject(JsonNode node) {
        if (!(node instanceof ObjectNode o)) {
            throw ApiException.unprocessable("the patched document is not a JSON object");
        }
        return o;
    }
}
