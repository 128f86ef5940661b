package dev.orchestrator.apiserver.internal.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.support.cron.CronSchedule;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CronJobs (batch/v1): the schedule (the cron syntax the controller runs), the time zone, the
 * concurrency policy, non-negative deadline and history limits, and the job template, validated
 * as a Job's spec whose selector the controller generates.
 */
public final class CronJobValidation {

    /** The controller names a Job {@code <cronjob>-<minutes since epoch>}: 11 more characters in a 63-character name. */
    static final int MAX_NAME_LENGTH = 52;
    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final Pattern ZONE_PART = Pattern.compile("[A-Za-z.\\-_0-9+]{1,14}");
    static final List<String> POLICIES = List.of("Allow", "Forbid", "Replace");

    private CronJobValidation() {
    }

    public static void validate(JsonNode cronJob, SelectorMatcher matcher, FieldErrors errors) {
        String name = cronJob.path("metadata").path("name").asText("");
        if (name.length() > MAX_NAME_LENGTH) {
            errors.invalid(FieldPath.root("metadata").child("name"), name, "must be no more than 52 characters");
        }
        validateSpec(cronJob.path("spec"), null, matcher, errors);
    }

    public static void validateUpdate(JsonNode cronJob, JsonNode old, SelectorMatcher matcher, FieldErrors errors) {
        validateSpec(cronJob.path("spec"), old.path("spec"), matcher, errors);
    }

    /** {@code oldSpec} is null on create; on update a TZ kept in the schedule and an unchanged time zone are let be. */
    private static void validateSpec(JsonNode spec, JsonNode oldSpec, SelectorMatcher matcher, FieldErrors errors) {
        boolean tzAllowed = oldSpec != null && CommonFields.textOrEmpty(oldSpec, "schedule").contains("TZ");
        schedule(spec, tzAllowed, errors);
        if (oldSpec == null || CommonFields.changed(spec, oldSpec, "timeZone")) {
            timeZone(spec.path("timeZone"), errors);
        }
        for (String field : List.of("startingDeadlineSeconds", "successfulJobsHistoryLimit", "failedJobsHistoryLimit")) {
            CommonFields.nonNegative(spec, field, SPEC, errors);
        }
        CommonFields.oneOf(spec, "concurrencyPolicy", true, POLICIES, SPEC, errors);
        jobTemplate(spec.path("jobTemplate").path("spec"), matcher, errors);
    }

    private static void schedule(JsonNode spec, boolean tzAllowed, FieldErrors errors) {
        String schedule = CommonFields.textOrEmpty(spec, "schedule");
        FieldPath path = SPEC.child("schedule");
        if (schedule.isEmpty()) {
            errors.required(path, "");
            return;
        }
        if (schedule.contains("TZ")) {
            if (!tzAllowed) {
                errors.invalid(path, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
            } else if (CommonFields.has(spec, "timeZone")) {
                errors.invalid(path, schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule");
            }
            return; // the zone prefix is the controller's business only for schedules stored before the rule
        }
        try {
            CronSchedule.parse(schedule);
        } catch (IllegalArgumentException e) {
            errors.invalid(path, schedule, e.getMessage());
        }
    }

    /** An IANA zone name, as Go's time.LoadLocation reads it; "Local" would mean the controller's zone, so it is refused. */
    private static void timeZone(JsonNode zone, FieldErrors errors) {
        if (zone.isMissingNode() || zone.isNull()) {
            return;
        }
        FieldPath path = SPEC.child("timeZone");
        String tz = zone.asText("");
        if (tz.isEmpty()) {
            errors.invalid(path, tz, "timeZone must be nil or non-empty string");
            return;
        }
        for (String part : tz.split("/", -1)) {
            if (part.equals(".") || part.equals("..") || part.startsWith("-") || !ZONE_PART.matcher(part).matches()) {
                errors.invalid(path, tz, "unknown time zone " + tz);
                return;
            }
        }
        if (tz.equalsIgnoreCase("Local")) {
            errors.invalid(path, tz, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
        } else if (!ZoneId.getAvailableZoneIds().contains(tz)) {
            errors.invalid(path, tz, "unknown time zone " + tz);
        }
    }

    /** The template's Job spec; its selector is generated for each Job, so the template may not set one. */
    private static void jobTemplate(JsonNode jobSpec, SelectorMatcher matcher, FieldErrors errors) {
        FieldPath path = SPEC.child("jobTemplate", "spec");
        JobValidation.validateSpec(jobSpec, path, matcher, errors);
        if (CommonFields.has(jobSpec, "selector")) {
            errors.invalid(path.child("selector"), jobSpec.path("selector"), "`selector` will be auto-generated");
        }
        if (jobSpec.path("manualSelector").asBoolean(false)) {
            errors.notSupported(path.child("manualSelector"), jobSpec.path("manualSelector"), List.of("nil", "false"));
        }
    }
}
