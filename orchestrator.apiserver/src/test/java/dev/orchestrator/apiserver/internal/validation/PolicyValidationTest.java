package dev.orchestrator.apiserver.internal.validation;

import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertError;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertValid;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.errors;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.json;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.with;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PodDisruptionBudgets (policy/v1): bounds, selector, unhealthy pod eviction policy, status counts. */
class PolicyValidationTest {

    static final ObjectNode BUDGET = json("{'metadata':{'name':'web'},'spec':{'minAvailable':2,"
            + "'selector':{'matchLabels':{'app':'web'},'matchExpressions':[{'key':'tier','operator':'In','values':['a']}]},"
            + "'unhealthyPodEvictionPolicy':'IfHealthyBudget'}}");

    @Test
    void typicalBudgetsPass() {
        assertValid(errors(BUDGET, PolicyValidation::validate));
        assertValid(errors(with(BUDGET, "/spec/minAvailable", "'50%'"), PolicyValidation::validate));
        ObjectNode max = with(with(BUDGET, "/spec/minAvailable", "<remove>"), "/spec/maxUnavailable", "'100%'");
        assertValid(errors(max, PolicyValidation::validate));
        // Kubernetes accepts a budget with neither bound: it allows every disruption
        assertValid(errors(with(BUDGET, "/spec/minAvailable", "<remove>"), PolicyValidation::validate));
        assertValid(errors(with(BUDGET, "/spec/unhealthyPodEvictionPolicy", "'AlwaysAllow'"), PolicyValidation::validate));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/spec/maxUnavailable|1|spec|minAvailable and maxUnavailable cannot be both set",
            "/spec/minAvailable|-1|spec.minAvailable|Invalid value: -1: must be greater than or equal to 0",
            "/spec/minAvailable|'150%'|spec.minAvailable|Invalid value: \"150%\": must not be greater than 100%",
            "/spec/minAvailable|'half'|spec.minAvailable|a valid percent string must be a numeric string followed by an ending '%'",
            "/spec/unhealthyPodEvictionPolicy|'Never'|spec.unhealthyPodEvictionPolicy|Unsupported value: \"Never\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\"",
            "/spec/selector/matchLabels/app|'bad value!'|spec.selector.matchLabels|Invalid value: \"bad value!\"",
            "/spec/selector/matchExpressions/0/operator|'Has'|spec.selector.matchExpressions[0].operator|not a valid selector operator",
            "/spec/selector/matchExpressions/0/values|[]|spec.selector.matchExpressions[0].values|Required value: must be specified when `operator` is 'In' or 'NotIn'",
            "/spec/selector/matchExpressions/0/key|'bad key'|spec.selector.matchExpressions[0].key|name part must consist"})
    void specRules(String pointer, String value, String field, String message) {
        assertError(errors(with(BUDGET, pointer, value), PolicyValidation::validate), field, message);
    }

    @Test
    void maxUnavailableHasTheSameBounds() {
        ObjectNode max = with(BUDGET, "/spec/minAvailable", "<remove>");
        assertError(errors(with(max, "/spec/maxUnavailable", "-3"), PolicyValidation::validate), "spec.maxUnavailable",
                "must be greater than or equal to 0");
        assertError(errors(with(max, "/spec/maxUnavailable", "'101%'"), PolicyValidation::validate), "spec.maxUnavailable",
                "must not be greater than 100%");
    }

    @Test
    void existsTakesNoValues() {
        ObjectNode exists = with(BUDGET, "/spec/selector/matchExpressions/0/operator", "'Exists'");
        assertError(errors(exists, PolicyValidation::validate), "spec.selector.matchExpressions[0].values",
                "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"disruptionsAllowed", "currentHealthy", "desiredHealthy", "expectedPods"})
    void statusCountsAreNeverNegative(String count) {
        assertValid(errors(with(BUDGET, "/status/" + count, "0"), PolicyValidation::validateStatus));
        assertError(errors(with(BUDGET, "/status/" + count, "-1"), PolicyValidation::validateStatus), "status." + count,
                "must be greater than or equal to 0");
    }
}
