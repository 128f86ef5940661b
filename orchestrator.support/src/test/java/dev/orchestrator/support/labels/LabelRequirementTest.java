package dev.orchestrator.support.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.support.labels.LabelRequirement.Operator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabelRequirementTest {

    private static final Map<String, String> LABELS = Map.of("env", "prod", "cores", "8");

    private static boolean matches(String key, Operator op, String... values) {
        return new LabelRequirement(key, op, Set.of(values)).matches(LABELS::get);
    }

    @Test
    void operatorsMeanWhatKubernetesSays() {
        assertTrue(matches("env", Operator.IN, "prod", "dev"));
        assertFalse(matches("missing", Operator.IN, "prod"));
        assertTrue(matches("missing", Operator.NOT_IN, "prod"), "NotIn holds for an absent label");
        assertFalse(matches("env", Operator.NOT_IN, "prod"));
        assertTrue(matches("env", Operator.EXISTS));
        assertTrue(matches("missing", Operator.DOES_NOT_EXIST));
        assertTrue(matches("cores", Operator.GT, "4"));
        assertFalse(matches("cores", Operator.LT, "4"));
        assertFalse(matches("env", Operator.GT, "4"), "Gt of a label that is no integer matches nothing");
    }

    @Test
    void operatorsAreNamedAsInTheApi() {
        assertEquals(Optional.of(Operator.NOT_IN), Operator.named("NotIn"));
        assertEquals(Optional.of(Operator.DOES_NOT_EXIST), Operator.named("DoesNotExist"));
        assertEquals(Optional.empty(), Operator.named("notin"));
        assertEquals(Optional.empty(), Operator.named(null));
    }
}
