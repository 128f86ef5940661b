package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.validation.FieldErrors;
import java.util.List;
import java.util.function.BiConsumer;

/** The strategy of a kind with no defaults: its validation rules only, on create/update and on update. */
final class ValidatedStrategy implements ResourceStrategy {

    /** A rule over an object and, on update, the stored object. */
    @FunctionalInterface
    interface UpdateRule {
        void check(JsonNode updated, JsonNode old, FieldErrors errors);
    }

    private final BiConsumer<JsonNode, FieldErrors> rules;
    private final UpdateRule updateRules;

    private ValidatedStrategy(BiConsumer<JsonNode, FieldErrors> rules, UpdateRule updateRules) {
        this.rules = rules;
        this.updateRules = updateRules;
    }

    static ValidatedStrategy of(BiConsumer<JsonNode, FieldErrors> rules) {
        return new ValidatedStrategy(rules, (updated, old, errors) -> { });
    }

    static ValidatedStrategy of(BiConsumer<JsonNode, FieldErrors> rules, UpdateRule updateRules) {
        return new ValidatedStrategy(rules, updateRules);
    }

    @Override
    public void validate(ObjectNode object, List<ApiException.Cause> causes) {
        rules.accept(object, Causes.into(causes));
    }

    @Override
    public void validateUpdate(ObjectNode object, ObjectNode old, List<ApiException.Cause> causes) {
        updateRules.check(object, old, Causes.into(causes));
    }
}
