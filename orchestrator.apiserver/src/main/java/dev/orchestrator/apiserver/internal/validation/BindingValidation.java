package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A {@code pods/binding} body: the target is a Node given by a valid node name. */
public final class BindingValidation {

    private static final FieldPath TARGET = FieldPath.root("target");

    private BindingValidation() {
    }

    public static void validate(JsonNode binding, FieldErrors errors) {
        JsonNode target = binding.path("target");
        CommonFields.name(target, "name", true, NameFormats::dns1123Subdomain, TARGET, errors);
        String kind = CommonFields.textOrEmpty(target, "kind");
        if (!kind.isEmpty() && !kind.equals("Node")) {
            errors.notSupported(TARGET.child("kind"), target.path("kind"), List.of("Node"));
        }
    }
}
