package dev.orchestrator.apiserver.internal.validation;

import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertError;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertValid;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.errors;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.json;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.with;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WorkloadValidationTest {

    /** matchLabels only, enough for these tests (the server passes its LabelSelector). */
    static final SelectorMatcher MATCH_LABELS = (selector, labels) -> {
        for (Map.Entry<String, JsonNode> e : CommonFields.entries(selector.path("matchLabels"))) {
            if (!e.getValue().equals(labels.path(e.getKey()))) {
                return false;
            }
        }
        return true;
    };

    private static final String TEMPLATE = "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'nginx',"
            + "'image':'nginx','imagePullPolicy':'Always','terminationMessagePolicy':'File','resources':{}}],"
            + "'restartPolicy':'Always','dnsPolicy':'ClusterFirst','terminationGracePeriodSeconds':30}}";

    /** A deployment as kubectl create deployment web --image=nginx makes it, after the server's defaults. */
    static final ObjectNode DEPLOYMENT = json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},"
            + "'spec':{'replicas':1,'selector':{'matchLabels':{'app':'web'}},'strategy':{'type':'RollingUpdate',"
            + "'rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}},'revisionHistoryLimit':10,"
            + "'progressDeadlineSeconds':600," + TEMPLATE + "}}");

    static final ObjectNode JOB = json("{'apiVersion':'batch/v1','kind':'Job','metadata':{'name':'pi'},'spec':{'parallelism':1,"
            + "'completions':1,'backoffLimit':6,'completionMode':'NonIndexed','suspend':false,"
            + TEMPLATE.replace("'Always','dnsPolicy'", "'Never','dnsPolicy'") + "}}");

    private static void deployment(JsonNode d, FieldErrors e) {
        AppsValidation.validateDeployment(d, MATCH_LABELS, e);
    }

    private static void job(JsonNode j, FieldErrors e) {
        JobValidation.validate(j, MATCH_LABELS, e);
    }

    @Test
    void typicalWorkloadsPass() {
        assertValid(errors(DEPLOYMENT, WorkloadValidationTest::deployment));
        assertValid(errors(DEPLOYMENT, (rs, e) -> AppsValidation.validateReplicaSet(rs, MATCH_LABELS, e)));
        assertValid(errors(JOB, WorkloadValidationTest::job));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/spec/replicas|-1|spec.replicas|Invalid value: -1: must be greater than or equal to 0",
            "/spec/minReadySeconds|-5|spec.minReadySeconds|must be greater than or equal to 0",
            "/spec/revisionHistoryLimit|-1|spec.revisionHistoryLimit|must be greater than or equal to 0",
            "/spec/progressDeadlineSeconds|0|spec.progressDeadlineSeconds|Invalid value: 0: must be greater than minReadySeconds",
            "/spec/selector|<remove>|spec.selector|Required value",
            "/spec/selector|{}|spec.selector|empty selector is invalid for deployment",
            "/spec/selector/matchLabels/app|'api'|spec.template.metadata.labels|`selector` does not match template `labels`",
            "/spec/template/metadata/labels/bad key|'x'|spec.template.metadata.labels|name part must consist",
            "/spec/template/spec/restartPolicy|'Never'|spec.template.spec.restartPolicy|Unsupported value: \"Never\": supported values: \"Always\"",
            "/spec/template/spec/activeDeadlineSeconds|10|spec.template.spec.activeDeadlineSeconds|Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
            "/spec/template/spec/containers/0/name|'Nginx'|spec.template.spec.containers[0].name|a lowercase RFC 1123 label",
            "/spec/template/spec/containers/0/ports|[{'containerPort':0}]|spec.template.spec.containers[0].ports[0].containerPort|Required value",
            "/spec/strategy/type|'BlueGreen'|spec.strategy.type|Unsupported value: \"BlueGreen\": supported values: \"Recreate\", \"RollingUpdate\"",
            "/spec/strategy/type|'Recreate'|spec.strategy.rollingUpdate|Forbidden: may not be specified when strategy `type` is 'Recreate'",
            "/spec/strategy/rollingUpdate/maxSurge|'abc'|spec.strategy.rollingUpdate.maxSurge|a valid percent string must be a numeric string followed by an ending '%'",
            "/spec/strategy/rollingUpdate/maxSurge|-1|spec.strategy.rollingUpdate.maxSurge|must be greater than or equal to 0",
            "/spec/strategy/rollingUpdate/maxUnavailable|'110%'|spec.strategy.rollingUpdate.maxUnavailable|must not be greater than 100%",
            "/spec/strategy/rollingUpdate|{'maxSurge':0,'maxUnavailable':'0%'}|spec.strategy.rollingUpdate.maxUnavailable|may not be 0 when `maxSurge` is 0"})
    void deploymentRules(String pointer, String value, String field, String message) {
        assertError(errors(with(DEPLOYMENT, pointer, value), WorkloadValidationTest::deployment), field, message);
    }

    @Test
    void selectorsOfAppsKindsAreImmutable() {
        ObjectNode changed = with(DEPLOYMENT, "/spec/selector/matchLabels/app", "'api'");
        assertError(errors(changed, (d, e) -> AppsValidation.validateUpdate(d, DEPLOYMENT, e)), "spec.selector",
                "field is immutable");
        assertValid(errors(with(DEPLOYMENT, "/spec/replicas", "5"), (d, e) -> AppsValidation.validateUpdate(d, DEPLOYMENT, e)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/spec/parallelism|-1|spec.parallelism|Invalid value: -1: must be greater than or equal to 0",
            "/spec/completions|-1|spec.completions|must be greater than or equal to 0",
            "/spec/backoffLimit|-1|spec.backoffLimit|must be greater than or equal to 0",
            "/spec/activeDeadlineSeconds|-1|spec.activeDeadlineSeconds|must be greater than or equal to 0",
            "/spec/completionMode|'Ordered'|spec.completionMode|Unsupported value: \"Ordered\": supported values: \"NonIndexed\", \"Indexed\"",
            "/spec/template/spec/restartPolicy|'Always'|spec.template.spec.restartPolicy|Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"",
            "/spec/template/spec/containers/0/image|''|spec.template.spec.containers[0].image|Required value"})
    void jobRules(String pointer, String value, String field, String message) {
        assertError(errors(with(JOB, pointer, value), WorkloadValidationTest::job), field, message);
    }

    @Test
    void aManualSelectorMustMatchTheTemplate() {
        ObjectNode manual = with(with(JOB, "/spec/manualSelector", "true"), "/spec/selector", "{'matchLabels':{'app':'other'}}");
        assertError(errors(manual, WorkloadValidationTest::job), "spec.template.metadata.labels",
                "`selector` does not match template `labels`");
    }

    @Test
    void anIndexedJobNeedsCompletions() {
        ObjectNode indexed = with(with(JOB, "/spec/completionMode", "'Indexed'"), "/spec/completions", "<remove>");
        assertError(errors(indexed, WorkloadValidationTest::job), "spec.completions", "Required value");
    }

    @Test
    void aJobsTemplateAndCompletionsAreImmutable() {
        ObjectNode image = with(JOB, "/spec/template/spec/containers/0/image", "'perl'");
        assertError(errors(image, (j, e) -> JobValidation.validateUpdate(j, JOB, e)), "spec.template", "field is immutable");
        assertError(errors(with(JOB, "/spec/completions", "3"), (j, e) -> JobValidation.validateUpdate(j, JOB, e)),
                "spec.completions", "Invalid value: 3: field is immutable");
        assertValid(errors(with(JOB, "/spec/suspend", "true"), (j, e) -> JobValidation.validateUpdate(j, JOB, e)));
    }
}
