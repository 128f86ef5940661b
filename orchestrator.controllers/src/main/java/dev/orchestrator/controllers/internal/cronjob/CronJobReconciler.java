package dev.orchestrator.controllers.internal.cronjob;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import dev.orchestrator.client.ControllerClients;
import dev.orchestrator.controllers.internal.ApiErrors;
import dev.orchestrator.controllers.internal.Times;
import dev.orchestrator.controllers.internal.ownership.OwnerReferences;
import dev.orchestrator.support.cron.CronSchedule;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Starts the Jobs of each CronJob, as Kubernetes' CronJob controller (v2) does, from state alone: the
 * run due now is the most recent schedule time since status.lastScheduleTime (or the creation), so
 * a controller that was down catches up with one run, not with every missed one. The Job's name is
 * derived from its scheduled time, so a retry never starts a run twice. Between runs the reconcile
 * asks to be requeued at the next schedule time; a Job's changes requeue it at once (owned Jobs).
 * The Jobs' pods are the Job controller's business.
 */
@Component(name = "orchestrator.controllers.cronjob", configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = Reconciler.class)
@Designate(ocd = CronJobConfig.class)
public final class CronJobReconciler implements Reconciler<CronJob> {

    /** Requeue a little after the schedule time, so the run is due when the reconcile comes. */
    private static final Duration SLACK = Duration.ofMillis(100);

    private final CronJobWrites writes;
    private final ZoneId defaultZone;

    @Activate
    public CronJobReconciler(@Reference ControllerClients clients, CronJobConfig config) {
        this.writes = new CronJobWrites(clients.forAccount("cronjob-controller"));
        this.defaultZone = ZoneId.of(config.defaultTimeZone());
    }

    @Override
    public Watches<CronJob> watches() {
        return Watches.of("cronjob", CronJob.class).owns(Job.class);
    }

    @Override
    public Result reconcile(Request request, Context context) {
        Optional<CronJob> found = context.lister(CronJob.class).get(request.namespace(), request.name());
        if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
            return Result.done(); // its Jobs go with it (garbage collector)
        }
        CronJob cronJob = found.get();
        CronJobSpec spec = cronJob.getSpec();
        List<Job> owned = context.lister(Job.class).list(request.namespace()).stream()
                .filter(j -> controlledBy(j, cronJob)).toList();
        CronJobStatus status = cronJob.getStatus() == null ? new CronJobStatus() : cronJob.getStatus();
        ActiveJobs.Outcome synced = ActiveJobs.sync(status.getActive() == null ? List.of() : status.getActive(),
                Times.parse(status.getLastSuccessfulTime()), owned, writes::exists);
        synced.notes().forEach(n -> note(context, cronJob, n));
        Run run = new Run(new ArrayList<>(synced.active()), Times.parse(status.getLastScheduleTime()),
                synced.lastSuccessfulTime());
        pruneHistory(cronJob, owned, run, context);
        Result result = Boolean.TRUE.equals(spec.getSuspend()) ? Result.done() : schedule(cronJob, run, context);
        if (!writes.writeStatus(cronJob, run.status(status))) {
            return Result.retry("the CronJob changed while its status was written");
        }
        return result;
    }

    /** Starts the run due now, if any; the result requeues at the next schedule time. */
    private Result schedule(CronJob cronJob, Run run, Context context) {
        CronJobSpec spec = cronJob.getSpec();
        ZoneId zone;
        CronSchedule schedule;
        try {
            zone = spec.getTimeZone() == null ? defaultZone : ZoneId.of(spec.getTimeZone());
        } catch (DateTimeException e) {
            context.events().warning(cronJob, "UnknownTimeZone", "invalid timeZone: \"" + spec.getTimeZone() + "\": " + e.getMessage());
            return Result.done(); // an edit of the CronJob requeues it
        }
        try {
            schedule = CronSchedule.parse(spec.getSchedule());
        } catch (IllegalArgumentException e) {
            context.events().warning(cronJob, "UnparseableSchedule", "unparseable schedule: \"" + spec.getSchedule() + "\" : " + e.getMessage());
            return Result.done();
        }
        Instant now = Instant.now();
        Optional<Long> deadline = Optional.ofNullable(spec.getStartingDeadlineSeconds());
        Instant created = Times.parse(cronJob.getMetadata().getCreationTimestamp()).orElse(now);
        ScheduleTimes.Missed missed = ScheduleTimes.mostRecent(schedule,
                ScheduleTimes.earliest(created, run.lastScheduled, deadline, now), now, zone);
        if (missed.tooMany()) {
            context.events().warning(cronJob, "TooManyMissedTimes", "too many missed start times: " + missed.missed()
                    + ". Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        }
        missed.mostRecent().ifPresent(due -> start(cronJob, due, now, run, context));
        return ScheduleTimes.next(schedule, now, zone)
                .map(next -> Result.requeueAfter(Duration.between(now, next.toInstant()).plus(SLACK)))
                .orElse(Result.done());
    }

    /** Starts the run due at {@code due} unless it is too late, started already, or the policy holds it back. */
    private void start(CronJob cronJob, ZonedDateTime due, Instant now, Run run, Context context) {
        CronJobSpec spec = cronJob.getSpec();
        Long deadline = spec.getStartingDeadlineSeconds();
        if (deadline != null && due.toInstant().plusSeconds(deadline).isBefore(now)) {
            context.events().warning(cronJob, "MissSchedule", "Missed scheduled time to start a job: "
                    + due.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            return;
        }
        String name = ScheduledJobs.name(cronJob.getMetadata().getName(), due);
        if (run.isActive(name) || run.lastScheduled.filter(due.toInstant()::equals).isPresent()) {
            return;
        }
        String policy = spec.getConcurrencyPolicy() == null ? "Allow" : spec.getConcurrencyPolicy();
        if (policy.equals("Forbid") && !run.active.isEmpty()) {
            context.events().normal(cronJob, "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid");
            return; // lastScheduleTime stays: the run starts when the active one ends, if still within the deadline
        }
        if (policy.equals("Replace")) {
            for (ObjectReference ref : List.copyOf(run.active)) {
                deleteJob(cronJob, ref.getName(), run, context);
            }
        }
        CronJobWrites.Created created;
        try {
            created = writes.create(ScheduledJobs.fromTemplate(cronJob, due));
        } catch (RuntimeException e) {
            context.events().warning(cronJob, "FailedCreate", "Error creating job: " + ApiErrors.message(e));
            throw e;
        }
        if (created.isNew()) {
            context.events().normal(cronJob, "SuccessfulCreate", "Created job " + name);
        }
        if (controlledBy(created.job(), cronJob) && !JobHistory.finished(created.job()) && !run.isActive(name)) {
            run.active.add(ScheduledJobs.reference(created.job()));
        }
        run.lastScheduled = Optional.of(due.toInstant());
    }

    private void pruneHistory(CronJob cronJob, List<Job> owned, Run run, Context context) {
        CronJobSpec spec = cronJob.getSpec();
        for (Job job : JobHistory.beyondLimits(owned, Optional.ofNullable(spec.getSuccessfulJobsHistoryLimit()),
                Optional.ofNullable(spec.getFailedJobsHistoryLimit()))) {
            deleteJob(cronJob, job.getMetadata().getName(), run, context);
        }
    }

    private void deleteJob(CronJob cronJob, String name, Run run, Context context) {
        if (writes.delete(cronJob.getMetadata().getNamespace(), name)) {
            context.events().normal(cronJob, "SuccessfulDelete", "Deleted job " + name);
        }
        run.active.removeIf(r -> r.getName().equals(name));
    }

    private static boolean controlledBy(Job job, CronJob cronJob) {
        return OwnerReferences.controllerOf(job).map(r -> Objects.equals(r.getUid(), cronJob.getMetadata().getUid()))
                .orElse(false);
    }

    private static void note(Context context, CronJob cronJob, ActiveJobs.Note note) {
        if (note.warning()) {
            context.events().warning(cronJob, note.reason(), note.message());
        } else {
            context.events().normal(cronJob, note.reason(), note.message());
        }
    }

    /** The status as this reconcile changes it. */
    private static final class Run {
        final List<ObjectReference> active;
        Optional<Instant> lastScheduled;
        final Optional<Instant> lastSuccessful;

        Run(List<ObjectReference> active, Optional<Instant> lastScheduled, Optional<Instant> lastSuccessful) {
            this.active = active;
            this.lastScheduled = lastScheduled;
            this.lastSuccessful = lastSuccessful;
        }

        boolean isActive(String name) {
            return active.stream().anyMatch(r -> r.getName().equals(name));
        }

        CronJobStatus status(CronJobStatus old) {
            CronJobStatus status = new CronJobStatus();
            status.setAdditionalProperties(old.getAdditionalProperties());
            status.setActive(active);
            status.setLastScheduleTime(lastScheduled.map(Instant::toString).orElse(null));
            status.setLastSuccessfulTime(lastSuccessful.map(Instant::toString).orElse(null));
            return status;
        }
    }
}
