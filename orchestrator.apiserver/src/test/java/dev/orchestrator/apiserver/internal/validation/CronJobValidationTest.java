package dev.orchestrator.apiserver.internal.validation;

import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertError;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertValid;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.errors;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.json;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.with;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronJobValidationTest {

    /** A CronJob as kubectl create cronjob x --image=busybox:1 makes it (every minute), after the defaults. */
    static final ObjectNode CRON_JOB = json("{'apiVersion':'batch/v1','kind':'CronJob','metadata':{'name':'x'},"
            + "'spec':{'schedule':'*/1 * * * *','concurrencyPolicy':'Allow','suspend':false,'successfulJobsHistoryLimit':3,"
            + "'failedJobsHistoryLimit':1,'jobTemplate':{'metadata':{'name':'x'},'spec':{'template':{'spec':{"
            + "'containers':[{'name':'x','image':'busybox:1','imagePullPolicy':'IfNotPresent',"
            + "'terminationMessagePolicy':'File','resources':{}}],'restartPolicy':'OnFailure','dnsPolicy':'ClusterFirst',"
            + "'terminationGracePeriodSeconds':30}}}}}}");

    private static void cronJob(JsonNode c, FieldErrors e) {
        CronJobValidation.validate(c, WorkloadValidationTest.MATCH_LABELS, e);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"*/1 * * * *", "0 9 * * MON-FRI", "0 0 ? * sun", "@hourly", "@yearly",
        "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@every 1h30m", "5,10-20/5 1-3 1,15 JAN-MAR *"})
    void schedulesKubernetesAcceptsPass(String schedule) {
        assertValid(errors(with(CRON_JOB, "/spec/schedule", "'" + schedule + "'"), CronJobValidationTest::cronJob));
    }

    @Test
    void typicalCronJobsPass() {
        assertValid(errors(CRON_JOB, CronJobValidationTest::cronJob));
        assertValid(errors(with(CRON_JOB, "/spec/timeZone", "'Europe/Berlin'"), CronJobValidationTest::cronJob));
        assertValid(errors(with(CRON_JOB, "/spec/timeZone", "'Etc/UTC'"), CronJobValidationTest::cronJob));
        assertValid(errors(with(CRON_JOB, "/metadata/name", "'" + "n".repeat(52) + "'"), CronJobValidationTest::cronJob));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/spec/schedule|<remove>|spec.schedule|Required value",
            "/spec/schedule|''|spec.schedule|Required value",
            "/spec/schedule|'* * * *'|spec.schedule|Invalid value: \"* * * *\": expected exactly 5 fields, found 4",
            "/spec/schedule|'61 * * * *'|spec.schedule|end of range (61) above maximum (59)",
            "/spec/schedule|'@fortnightly'|spec.schedule|unrecognized descriptor: @fortnightly",
            "/spec/schedule|'TZ=UTC 0 * * * *'|spec.schedule|cannot use TZ or CRON_TZ in schedule, use timeZone field instead",
            "/spec/schedule|'CRON_TZ=UTC 0 * * * *'|spec.schedule|cannot use TZ or CRON_TZ in schedule",
            "/spec/timeZone|'Mars/Olympus'|spec.timeZone|Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus",
            "/spec/timeZone|'Local'|spec.timeZone|timeZone must be an explicit time zone",
            "/spec/timeZone|''|spec.timeZone|timeZone must be nil or non-empty string",
            "/spec/timeZone|'../etc/passwd'|spec.timeZone|unknown time zone",
            "/spec/timeZone|'+01:00'|spec.timeZone|unknown time zone",
            "/spec/concurrencyPolicy|'Sometimes'|spec.concurrencyPolicy|Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"",
            "/spec/concurrencyPolicy|''|spec.concurrencyPolicy|Required value",
            "/spec/startingDeadlineSeconds|-1|spec.startingDeadlineSeconds|Invalid value: -1: must be greater than or equal to 0",
            "/spec/successfulJobsHistoryLimit|-1|spec.successfulJobsHistoryLimit|must be greater than or equal to 0",
            "/spec/failedJobsHistoryLimit|-2|spec.failedJobsHistoryLimit|must be greater than or equal to 0",
            "/metadata/name|'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'|metadata.name|must be no more than 52 characters",
            "/spec/jobTemplate/spec/template/spec/restartPolicy|'Always'|spec.jobTemplate.spec.template.spec.restartPolicy|Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"",
            "/spec/jobTemplate/spec/backoffLimit|-1|spec.jobTemplate.spec.backoffLimit|must be greater than or equal to 0",
            "/spec/jobTemplate/spec/template/spec/containers/0/image|''|spec.jobTemplate.spec.template.spec.containers[0].image|Required value",
            "/spec/jobTemplate/spec/selector|{'matchLabels':{'a':'b'}}|spec.jobTemplate.spec.selector|`selector` will be auto-generated",
            "/spec/jobTemplate/spec/manualSelector|true|spec.jobTemplate.spec.manualSelector|Unsupported value: true"})
    void cronJobRules(String pointer, String value, String field, String message) {
        assertError(errors(with(CRON_JOB, pointer, value), CronJobValidationTest::cronJob), field, message);
    }

    @Test
    void anUpdateChecksTheTimeZoneOnlyWhenItChanges() {
        ObjectNode oldZone = with(CRON_JOB, "/spec/timeZone", "'Mars/Olympus'");
        assertValid(errors(oldZone, (c, e) -> CronJobValidation.validateUpdate(c, oldZone, WorkloadValidationTest.MATCH_LABELS, e)));
        ObjectNode changed = with(CRON_JOB, "/spec/timeZone", "'Mars/Phobos'");
        assertError(errors(changed, (c, e) -> CronJobValidation.validateUpdate(c, oldZone, WorkloadValidationTest.MATCH_LABELS, e)),
                "spec.timeZone", "unknown time zone Mars/Phobos");
        assertError(errors(with(CRON_JOB, "/spec/schedule", "'bad'"),
                (c, e) -> CronJobValidation.validateUpdate(c, CRON_JOB, WorkloadValidationTest.MATCH_LABELS, e)),
                "spec.schedule", "expected exactly 5 fields");
    }
}
