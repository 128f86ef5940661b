package dev.orchestrator.apiserver.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.orchestrator.apiserver.internal.validation.FieldErrors;
import dev.orchestrator.apiserver.internal.validation.FieldPath;
import java.util.List;
import org.junit.jupiter.api.Test;

class StructuralSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    /** A Website-like schema with most keywords custom resources use. */
    private static final String SCHEMA = """
            type: object
            properties:
              spec:
                type: object
                required: [domain]
                properties:
                  domain: {type: string, pattern: '^[a-z0-9.-]+$', maxLength: 20}
                  replicas: {type: integer, minimum: 1, maximum: 10, default: 2}
                  tier: {type: string, enum: [web, batch]}
                  port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}
                  tags:
                    type: array
                    maxItems: 3
                    x-kubernetes-list-type: set
                    items: {type: string}
                  routes:
                    type: array
                    x-kubernetes-list-type: map
                    x-kubernetes-list-map-keys: [path]
                    items:
                      type: object
                      required: [path]
                      properties:
                        path: {type: string}
                        weight: {type: integer, default: 100}
                  labels:
                    type: object
                    additionalProperties: {type: string}
                  extra:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
                  since: {type: string, format: date-time}
                  note: {type: string, nullable: true}
              status:
                type: object
                properties:
                  ready: {type: boolean}
            """;

    @Test
    void aValidObjectPassesAndGetsItsDefaults() throws Exception {
        ObjectNode object = object("""
                apiVersion: example.dev/v1
                kind: Website
                metadata: {name: site}
                spec:
                  domain: example.dev
                  port: http
                  tags: [a, b]
                  routes: [{path: /}, {path: /api, weight: 5}]
                  labels: {team: blue}
                  extra: {anything: {goes: [1, 2]}}
                  since: "2026-12-04T01:00:00Z"
                  note: null
                """);
        StructuralSchema schema = StructuralSchema.of(yaml(SCHEMA));
        assertEquals(List.of(), schema.prune(object));
        schema.applyDefaults(object);
        assertEquals(List.of(), errors(schema, object));
        assertEquals(2, object.path("spec").path("replicas").asInt());
        assertEquals(100, object.path("spec").path("routes").get(0).path("weight").asInt());
        assertEquals(5, object.path("spec").path("routes").get(1).path("weight").asInt());
        assertTrue(object.path("spec").has("note"), "a nullable null stays");
    }

    @Test
    void everyViolationIsNamedAsKubernetesWordsIt() throws Exception {
        ObjectNode object = object("""
                apiVersion: example.dev/v1
                kind: Website
                metadata: {name: site}
                spec:
                  domain: Not_A_Domain_And_Far_Too_Long
                  replicas: "three"
                  tier: gold
                  port: 1.5
                  tags: [a, a, b, c]
                  routes: [{path: /}, {path: /}]
                  labels: {team: 7}
                  since: yesterday
                """);
        StructuralSchema schema = StructuralSchema.of(yaml(SCHEMA));
        List<String> errors = errors(schema, object);
        assertTrue(errors.contains("spec.domain: Invalid value: \"Not_A_Domain_And_Far_Too_Long\": spec.domain in body "
                + "should be at most 20 chars long"), errors.toString());
        assertTrue(errors.contains("spec.domain: Invalid value: \"Not_A_Domain_And_Far_Too_Long\": spec.domain in body "
                + "should match '^[a-z0-9.-]+$'"), errors.toString());
        assertTrue(errors.contains("spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type "
                + "integer: \"string\""), errors.toString());
        assertTrue(errors.contains("spec.tier: Unsupported value: \"gold\": supported values: \"web\", \"batch\""),
                errors.toString());
        assertTrue(errors.contains("spec.port: Invalid value: \"number\": spec.port in body must be of type "
                + "integer,string: \"number\""), errors.toString());
        assertTrue(errors.contains("spec.tags: Too many: 4: must have at most 3 items"), errors.toString());
        assertTrue(errors.contains("spec.tags[1]: Duplicate value: \"a\""), errors.toString());
        assertTrue(errors.contains("spec.routes[1]: Duplicate value: {\"path\":\"/\"}"), errors.toString());
        assertTrue(errors.contains("spec.labels[team]: Invalid value: \"integer\": spec.labels[team] in body must be "
                + "of type string: \"integer\""), errors.toString());
        assertTrue(errors.contains("spec.since: Invalid value: \"yesterday\": spec.since in body must be of type "
                + "date-time: \"yesterday\""), errors.toString());
        assertEquals(10, errors.size(), errors.toString());
    }

    @Test
    void requiredFieldsAndBoundsAreChecked() throws Exception {
        ObjectNode object = object("""
                apiVersion: example.dev/v1
                kind: Website
                metadata: {name: site}
                spec: {replicas: 0, routes: [{weight: 1}]}
                """);
        List<String> errors = errors(StructuralSchema.of(yaml(SCHEMA)), object);
        assertTrue(errors.contains("spec.domain: Required value"), errors.toString());
        assertTrue(errors.contains("spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or "
                + "equal to 1"), errors.toString());
        assertTrue(errors.contains("spec.routes[0].path: Required value"), errors.toString());
    }

    @Test
    void boundsAreWrittenAsTheSchemaWroteThemWhateverTheirNumberType() throws Exception {
        // a bound read as a decimal (2E+1 in BigDecimal's own notation) still reads 20
        JsonNode schema = JSON.readTree("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\","
                + "\"maximum\":20.0,\"multipleOf\":0.50}}}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) schema.path("properties").path("n"))
                .put("maximum", new java.math.BigDecimal("2E+1"));
        List<String> errors = errors(StructuralSchema.of(schema), JSON.readTree("{\"n\":50.25}"));
        assertTrue(errors.contains("n: Invalid value: \"number\": n in body must be of type integer: \"number\""),
                errors.toString());
        errors = errors(StructuralSchema.of(schema), JSON.readTree("{\"n\":50}"));
        assertEquals(List.of("n: Invalid value: 50: n in body should be less than or equal to 20"), errors);
    }

    @Test
    void unknownFieldsArePrunedAndNamedButMetadataAndPreservedFieldsStay() throws Exception {
        ObjectNode object = object("""
                apiVersion: example.dev/v1
                kind: Website
                metadata: {name: site, labels: {a: b}, colour: red}
                spec:
                  domain: example.dev
                  typo: 1
                  routes: [{path: /, wieght: 3}]
                  extra: {kept: true}
                  labels: {any: thing}
                other: x
                """);
        List<String> pruned = StructuralSchema.of(yaml(SCHEMA)).prune(object);
        assertEquals(List.of("metadata.colour", "spec.typo", "spec.routes[0].wieght", "other"), pruned);
        assertEquals("{\"name\":\"site\",\"labels\":{\"a\":\"b\"}}", object.path("metadata").toString());
        assertTrue(object.path("spec").path("extra").path("kept").asBoolean());
        assertEquals("thing", object.path("spec").path("labels").path("any").asText());
        assertEquals("Website", object.path("kind").asText());
    }

    @Test
    void nullsTheSchemaDoesNotAllowAreDroppedOrDefaulted() throws Exception {
        ObjectNode object = object("""
                apiVersion: example.dev/v1
                kind: Website
                metadata: {name: site}
                spec: {domain: example.dev, replicas: null, tier: null}
                """);
        StructuralSchema schema = StructuralSchema.of(yaml(SCHEMA));
        schema.applyDefaults(object);
        assertEquals(2, object.path("spec").path("replicas").asInt());
        assertTrue(!object.path("spec").has("tier"));
        assertEquals(List.of(), errors(schema, object));
    }

    @Test
    void theSchemaOfAWellFormedCrdIsStructural() throws Exception {
        assertEquals(List.of(), check(SCHEMA));
    }

    @Test
    void schemasThatAreNotStructuralAreRefusedWithTheirPath() throws Exception {
        List<String> errors = check("""
                type: object
                properties:
                  metadata: {type: object, properties: {labels: {type: object}}}
                  spec:
                    properties:
                      list: {type: array, items: [{type: string}], uniqueItems: true}
                      map: {type: object, properties: {a: {type: string}}, additionalProperties: {type: string}}
                      closed: {type: object, additionalProperties: false}
                      ref: {$ref: '#/definitions/x'}
                      name: {type: string, pattern: '(unclosed'}
                      kind: {type: strin}
                      either:
                        type: string
                        anyOf: [{type: string, default: a}]
                      count: {type: integer, default: "ten"}
                      ports:
                        type: array
                        x-kubernetes-list-type: map
                        items: {type: object, properties: {port: {type: integer}}}
                """);
        String at = "spec.versions[0].schema.openAPIV3Schema.";
        for (String expected : List.of(
                at + "properties[metadata]: Forbidden: must not specify anything other than name and generateName, "
                        + "but metadata is implicitly specified",
                at + "properties[spec].type: Required value: must not be empty for specified object fields",
                at + "properties[spec].properties[list].uniqueItems: Forbidden: uniqueItems cannot be set to true "
                        + "since the runtime complexity becomes quadratic",
                at + "properties[spec].properties[list].items: Forbidden: items must be a schema object and not an array",
                at + "properties[spec].properties[map].additionalProperties: Forbidden: additionalProperties and "
                        + "properties are mutual exclusive",
                at + "properties[spec].properties[closed].additionalProperties: Forbidden: additionalProperties "
                        + "cannot be set to false",
                at + "properties[spec].properties[ref].$ref: Forbidden: $ref is not supported",
                at + "properties[spec].properties[kind].type: Unsupported value: \"strin\": supported values: "
                        + "\"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\"",
                at + "properties[spec].properties[either].anyOf[0].type: Forbidden: must be empty to be structural",
                at + "properties[spec].properties[either].anyOf[0].default: Forbidden: must be empty to be structural",
                at + "properties[spec].properties[ports].x-kubernetes-list-map-keys: Required value: must not be "
                        + "empty if x-kubernetes-list-type is map")) {
            assertTrue(errors.contains(expected), "missing " + expected + " in " + errors);
        }
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(at + "properties[spec].properties[name].pattern: "
                + "Invalid value: \"(unclosed\": must be a valid regular expression")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(at + "properties[spec].properties[count].default: "
                + "Invalid value: \"ten\"")), errors.toString());
    }

    @Test
    void theRootMustBeAnObject() throws Exception {
        assertEquals(List.of("spec.versions[0].schema.openAPIV3Schema.type: Invalid value: \"string\": must be object "
                + "at the root"), check("type: string"));
        assertEquals(List.of("spec.versions[0].schema.openAPIV3Schema.type: Required value: must not be empty at "
                + "the root"), check("x-kubernetes-preserve-unknown-fields: true"));
    }

    @Test
    void formatsAreChecked() {
        assertTrue(Formats.valid("ipv4", "10.0.0.1"));
        assertTrue(!Formats.valid("ipv4", "10.0.0.256"));
        assertTrue(Formats.valid("ipv6", "fd00::1"));
        assertTrue(!Formats.valid("ipv6", "fd00::g"));
        assertTrue(Formats.valid("cidr", "10.0.0.0/8"));
        assertTrue(!Formats.valid("cidr", "10.0.0.0/33"));
        assertTrue(Formats.valid("uuid", "123e4567-e89b-12d3-a456-426614174000"));
        assertTrue(Formats.valid("date", "2026-12-04"));
        assertTrue(Formats.valid("duration", "1h30m"));
        assertTrue(!Formats.valid("hostname", "-bad"));
        assertTrue(Formats.valid("int32", "anything: not checked"));
    }

    private static List<String> errors(StructuralSchema schema, JsonNode object) {
        FieldErrors errors = FieldErrors.collecting();
        schema.validate(object, errors);
        return errors.list().stream().map(Object::toString).toList();
    }

    private static List<String> check(String schema) throws Exception {
        FieldErrors errors = FieldErrors.collecting();
        StructuralSchema.check(yaml(schema), FieldPath.root("spec").child("versions").index(0).child("schema")
                .child("openAPIV3Schema"), errors);
        return errors.list().stream().map(Object::toString).toList();
    }

    private static JsonNode yaml(String text) throws Exception {
        return JSON.valueToTree(YAML.readTree(text));
    }

    private static ObjectNode object(String text) throws Exception {
        return (ObjectNode) yaml(text);
    }
}
