package dev.orchestrator.apiserver.internal;

import dev.orchestrator.apiserver.internal.validation.FieldErrors;
import java.util.List;

/** Bridges the validation classes, which report {@code FieldError}s, to the causes of a 422 answer. */
final class Causes {

    private Causes() {
    }

    /** A collector that adds each error to {@code causes}. */
    static FieldErrors into(List<ApiException.Cause> causes) {
        return new FieldErrors(e -> causes.add(new ApiException.Cause(e.reason(), e.field(), e.message())));
    }
}
