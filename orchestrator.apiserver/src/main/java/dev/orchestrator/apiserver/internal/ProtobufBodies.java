package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.Runtime;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kubernetes protobuf request bodies ({@code application/vnd.kubernetes.protobuf}), which
 * kubectl's imperative {@code create configmap|secret|namespace|deployment|job|pdb|priorityclass|ingress}, {@code autoscale},
 * {@code auth} and
 * {@code certificate approve|deny} send: the
 * {@code k8s\0} envelope around a {@code runtime.Unknown}, whose raw bytes are the typed
 * message. Decoded with the generated messages of client-java-proto, then turned into the
 * JSON Kubernetes would write (times as RFC 3339, int-or-string as either, quantities as
 * strings, zero values omitted).
 */
final class ProtobufBodies {

    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    /** Pointer fields in Go whose zero value means something; the rest follow omitempty. */
    private static final Set<String> ZERO_MATTERS = Set.of("replicas", "parallelism", "completions", "backoffLimit",
            "terminationGracePeriodSeconds", "activeDeadlineSeconds", "ttlSecondsAfterFinished", "minReadySeconds",
            "minReplicas", "targetCPUUtilizationPercentage", "averageUtilization", "stabilizationWindowSeconds");

    /**
     * Go structs embedded with {@code json:",inline"}: a field of their own in protobuf, their fields in the
     * parent's JSON (an Ingress rule's host and http side by side, a volume's name and source).
     */
    private static final Set<String> INLINE = Set.of("ingressRuleValue", "volumeSource", "persistentVolumeSource",
            "handler");

    private ProtobufBodies() {
    }

    static ObjectNode decode(byte[] body) {
        if (body.length < 4 || body[0] != MAGIC[0] || body[1] != MAGIC[1] || body[2] != MAGIC[2] || body[3] != MAGIC[3]) {
            throw ApiException.badRequest("the protobuf body does not start with the Kubernetes envelope prefix k8s\\0");
        }
        Runtime.Unknown unknown;
        try {
            unknown = Runtime.Unknown.parseFrom(com.google.protobuf.ByteString.copyFrom(body, 4, body.length - 4));
        } catch (InvalidProtocolBufferException e) {
            throw ApiException.badRequest("the protobuf body is not a valid runtime.Unknown envelope: " + e.getMessage());
        }
        String apiVersion = unknown.getTypeMeta().getApiVersion();
        String kind = unknown.getTypeMeta().getKind();
        Message message = parse(apiVersion, kind, unknown.getRaw());
        ObjectNode object = (ObjectNode) toJson(message);
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        return object;
    }

    private static Message parse(String apiVersion, String kind, ByteString raw) {
        String outer = switch (apiVersion) {
            case "v1" -> "V1";
            case "apps/v1" -> "V1Apps";
            case "authentication.k8s.io/v1" -> "V1Authentication";
            case "authentication.k8s.io/v1beta1" -> "V1beta1Authentication";
            case "authorization.k8s.io/v1" -> "V1Authorization";
            case "autoscaling/v1" -> "V1Autoscaling";
            case "autoscaling/v2" -> "V2Autoscaling";
            case "batch/v1" -> "V1Batch";
            case "certificates.k8s.io/v1" -> "V1Certificates";
            case "coordination.k8s.io/v1" -> "V1Coordination";
            case "discovery.k8s.io/v1" -> "V1Discovery";
            case "events.k8s.io/v1" -> "V1Events";
            case "networking.k8s.io/v1" -> "V1Networking";
            case "node.k8s.io/v1" -> "V1Node";
            case "policy/v1" -> "V1Policy";
            case "rbac.authorization.k8s.io/v1" -> "V1Rbac";
            case "scheduling.k8s.io/v1" -> "V1Scheduling";
            default -> throw ApiException.unsupportedMediaType("protobuf bodies of " + apiVersion
                    + " are not supported; send JSON");
        };
        try {
            Class<?> type = Class.forName("io.kubernetes.client.proto." + outer + "$" + kind, true,
                    ProtobufBodies.class.getClassLoader());
            return (Message) type.getMethod("parseFrom", ByteString.class).invoke(null, raw);
        } catch (ClassNotFoundException e) {
            throw ApiException.badRequest("unknown kind " + kind + " in " + apiVersion + " protobuf body");
        } catch (ReflectiveOperationException e) {
            throw ApiException.badRequest("cannot decode the protobuf body as " + apiVersion + " " + kind + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage());
        }
    }

    static JsonNode toJson(Message message) {
        String type = message.getDescriptorForType().getFullName();
        switch (type) {
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Time" -> {
                return Json.NODES.textNode(Instant.ofEpochSecond(longField(message, "seconds")).toString());
            }
            case "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime" -> {
                return Json.NODES.textNode(Instant.ofEpochSecond(longField(message, "seconds"),
                        longField(message, "nanos") / 1000 * 1000).toString());
            }
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> {
                return longField(message, "type") == 0 ? Json.NODES.numberNode(longField(message, "intVal"))
                        : Json.NODES.textNode(stringField(message, "strVal"));
            }
            case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> {
                return Json.NODES.textNode(stringField(message, "string"));
            }
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Duration" -> {
                return Json.NODES.textNode(stringField(message, "duration"));
            }
            case "k8s.io.apimachinery.pkg.runtime.RawExtension" -> {
                ByteString raw = (ByteString) field(message, "raw");
                return raw == null || raw.isEmpty() ? Json.object() : Json.parse(raw.toByteArray(), false);
            }
            default -> {
                ObjectNode object = Json.object();
                for (Map.Entry<FieldDescriptor, Object> e : message.getAllFields().entrySet()) {
                    JsonNode value = value(e.getKey(), e.getValue());
                    if (value instanceof ObjectNode embedded && INLINE.contains(e.getKey().getName())) {
                        object.setAll(embedded);
                    } else if (value != null) {
                        object.set(e.getKey().getName(), value);
                    }
                }
                return object;
            }
        }
    }

    private static JsonNode value(FieldDescriptor field, Object value) {
        if (field.isMapField()) {
            ObjectNode map = Json.object();
            for (Object entry : (List<?>) value) {
                Message m = (Message) entry;
                FieldDescriptor keyField = m.getDescriptorForType().findFieldByName("key");
                FieldDescriptor valueField = m.getDescriptorForType().findFieldByName("value");
                map.set(String.valueOf(m.getField(keyField)), single(valueField, m.getField(valueField), true));
            }
            return map;
        }
        if (field.isRepeated()) {
            ArrayNode array = Json.array();
            for (Object item : (List<?>) value) {
                array.add(single(field, item, true));
            }
            return array;
        }
        return single(field, value, ZERO_MATTERS.contains(field.getName()));
    }

    /** One value; zero values are dropped (null) unless {@code keepZero}. */
    private static JsonNode single(FieldDescriptor field, Object value, boolean keepZero) {
        return switch (field.getJavaType()) {
            case MESSAGE -> toJson((Message) value);
            case STRING -> keepZero || !((String) value).isEmpty() ? Json.NODES.textNode((String) value) : null;
            case BYTE_STRING -> Json.NODES.textNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case BOOLEAN -> keepZero || (Boolean) value ? Json.NODES.booleanNode((Boolean) value) : null;
            case INT, LONG -> keepZero || ((Number) value).longValue() != 0
                    ? Json.NODES.numberNode(((Number) value).longValue()) : null;
            case FLOAT, DOUBLE -> Json.NODES.numberNode(((Number) value).doubleValue());
            case ENUM -> Json.NODES.textNode(value.toString());
        };
    }

    private static Object field(Message message, String name) {
        FieldDescriptor f = message.getDescriptorForType().findFieldByName(name);
        return f == null || !message.hasField(f) ? null : message.getField(f);
    }

    private static long longField(Message message, String name) {
        Object v = field(message, name);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private static String stringField(Message message, String name) {
        Object v = field(message, name);
        return v == null ? "" : v.toString();
    }
}
