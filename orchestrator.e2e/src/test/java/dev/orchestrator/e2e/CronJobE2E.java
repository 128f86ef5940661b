package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.RealNodeCluster.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The CronJob API and controller in one all-in-one without nodes, driven by real kubectl. No pod
 * ever runs, so a Job stays active until a test marks it finished by patching its status, which
 * lets the tests see the concurrency policies and the history limits. Every CronJob runs every
 * minute and all are created together, so each wait for "the next run" is shared: the tests run
 * in order, the first ones after the first run, the later ones after the second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CronJobE2E {

    private static final String NS = "cron";
    private static final String ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    /** A run is due at each minute; allow the minute, the controller's slack and a slow machine. */
    private static final int RUN_SECONDS = 80;

    private AllInOne cluster;
    private KubernetesClient client;

    @BeforeAll
    void start() throws Exception {
        cluster = AllInOne.startWith(Map.of());
        client = cluster.fabric8Client();
        ok(cluster.kubectl("create", "namespace", NS));
        // all CronJobs must share their first run: none may be created just before a minute ends
        long second = Instant.now().getEpochSecond() % 60;
        if (second > 53) {
            Thread.sleep((61 - second) * 1000);
        }
        ok(cluster.kubectl("create", "cronjob", "every", "-n", NS, "--image=busybox:1", "--schedule=*/1 * * * *",
                "--", "sh", "-c", "true"));
        for (CronJob cj : List.of(cronJob("paused", "Allow", true), cronJob("later", "Allow", false),
                cronJob("forbid", "Forbid", false), cronJob("replace", "Replace", false),
                cronJob("history", "Allow", false))) {
            client.batch().v1().cronjobs().inNamespace(NS).resource(cj).create();
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static CronJob cronJob(String name, String policy, boolean suspend) {
        return new CronJobBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withSchedule("*/1 * * * *").withConcurrencyPolicy(policy).withSuspend(suspend)
                    .withSuccessfulJobsHistoryLimit(1)
                    .withNewJobTemplate().withNewMetadata().addToLabels("cron", name).endMetadata()
                        .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never")
                        .addNewContainer().withName("c").withImage("busybox:1").withCommand("true").endContainer()
                        .endSpec().endTemplate().endSpec()
                    .endJobTemplate()
                .endSpec().build();
    }

    /** The Jobs a CronJob's schedule made, oldest first. */
    private List<Job> scheduledJobs(String cronJob) {
        return client.batch().v1().jobs().inNamespace(NS).list().getItems().stream()
                .filter(j -> j.getMetadata().getName().startsWith(cronJob + "-")
                        && j.getMetadata().getAnnotations().containsKey(ANNOTATION))
                .sorted(Comparator.comparing(j -> j.getMetadata().getName()))
                .toList();
    }

    private List<Job> awaitJobs(String cronJob, int count) throws Exception {
        return Eventually.until(count + " scheduled Jobs of " + cronJob, RUN_SECONDS, () -> scheduledJobs(cronJob),
                jobs -> jobs.size() >= count);
    }

    private CronJob cronJob(String name) {
        return client.batch().v1().cronjobs().inNamespace(NS).withName(name).get();
    }

    private boolean hasEvent(String cronJob, String reason) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .anyMatch(e -> cronJob.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()));
    }

    /** Events are written in the background by the controller runtime, just after the change they tell of. */
    private void awaitEvent(String cronJob, String reason) throws Exception {
        Eventually.until(reason + " event of " + cronJob, 30, () -> hasEvent(cronJob, reason), b -> b);
    }

    private void markComplete(Job job) throws Exception {
        String now = Instant.now().toString();
        ok(cluster.kubectl("patch", "job", job.getMetadata().getName(), "-n", NS, "--subresource=status", "--type=merge",
                "-p", "{\"status\":{\"startTime\":\"" + now + "\",\"completionTime\":\"" + now + "\",\"succeeded\":1,"
                        + "\"conditions\":[{\"type\":\"Complete\",\"status\":\"True\",\"lastTransitionTime\":\"" + now
                        + "\"}]}}"));
    }

    @Test
    @Order(1)
    void theFirstRunCreatesAJobOwnedByTheCronJob() throws Exception {
        Job job = awaitJobs("every", 1).get(0);
        CronJob every = cronJob("every");
        OwnerReference owner = job.getMetadata().getOwnerReferences().get(0);
        assertEquals("CronJob", owner.getKind());
        assertEquals(every.getMetadata().getUid(), owner.getUid());
        assertTrue(owner.getController());
        String scheduled = job.getMetadata().getAnnotations().get(ANNOTATION);
        Instant due = Instant.parse(scheduled);
        assertEquals(0, due.getEpochSecond() % 60, scheduled);
        assertEquals("every-" + due.getEpochSecond() / 60, job.getMetadata().getName());
        assertEquals("OnFailure", job.getSpec().getTemplate().getSpec().getRestartPolicy());
        assertEquals(6, job.getSpec().getBackoffLimit(), "the Job defaults apply to the created Job");
        Eventually.until("every's status", 30, () -> cronJob("every").getStatus(),
                s -> s.getLastScheduleTime() != null && s.getActive().size() == 1);
        String table = ok(cluster.kubectl("get", "cj", "-n", NS)).out();
        assertTrue(table.lines().findFirst().orElse("")
                .matches("NAME\\s+SCHEDULE\\s+TIMEZONE\\s+SUSPEND\\s+ACTIVE\\s+LAST SCHEDULE\\s+AGE\\s*"), table);
        String row = table.lines().filter(l -> l.startsWith("every ")).findFirst().orElse("");
        assertTrue(row.matches("every\\s+\\*/1 \\* \\* \\* \\*\\s+<none>\\s+False\\s+1\\s+(?!<none>)\\S+\\s+\\S+\\s*"), table);
        awaitEvent("every", "SuccessfulCreate");
        assertTrue(ok(cluster.kubectl("get", "all", "-n", NS)).out().contains("cronjob.batch/every"),
                "cronjobs are in the category all");
    }

    @Test
    @Order(2)
    void kubectlCreatesAJobFromTheCronJob() throws Exception {
        ok(cluster.kubectl("create", "job", "by-hand", "-n", NS, "--from=cronjob/every"));
        Job job = client.batch().v1().jobs().inNamespace(NS).withName("by-hand").get();
        assertEquals("manual", job.getMetadata().getAnnotations().get("cronjob.kubernetes.io/instantiate"));
        assertEquals("every", job.getMetadata().getOwnerReferences().get(0).getName());
        assertEquals("busybox:1", job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    }

    @Test
    @Order(3)
    void aSuspendedCronJobCreatesNothing() throws Exception {
        awaitJobs("later", 1);
        ok(cluster.kubectl("patch", "cj", "later", "-n", NS, "--type=merge", "-p", "{\"spec\":{\"suspend\":true}}"));
        assertEquals(List.of(), scheduledJobs("paused"), "a run came due while paused was suspended");
        String row = ok(cluster.kubectl("get", "cj", "paused", "-n", NS, "--no-headers")).out();
        assertTrue(row.matches("paused\\s+\\*/1 \\* \\* \\* \\*\\s+<none>\\s+True\\s+0\\s+<none>\\s+\\S+\\s*"), row);
        // history: its first Job finishes now, its second at the second run
        markComplete(awaitJobs("history", 1).get(0));
        Eventually.until("history's first Job seen completed", 30, () -> cronJob("history").getStatus(),
                s -> s.getActive().isEmpty() && s.getLastSuccessfulTime() != null);
        awaitEvent("history", "SawCompletedJob");
    }

    @Test
    @Order(4)
    void badCronJobsAreRefusedNamingTheField() throws Exception {
        Map<String, java.util.function.Consumer<CronJob>> cases = Map.of(
                "spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59)",
                cj -> cj.getSpec().setSchedule("61 * * * *"),
                "spec.schedule: Invalid value: \"TZ=UTC */1 * * * *\": cannot use TZ",
                cj -> cj.getSpec().setSchedule("TZ=UTC */1 * * * *"),
                "spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone", cj -> cj.getSpec().setTimeZone("Mars/Olympus"),
                "spec.concurrencyPolicy: Unsupported value: \"Sometimes\"", cj -> cj.getSpec().setConcurrencyPolicy("Sometimes"),
                "spec.startingDeadlineSeconds: Invalid value: -1", cj -> cj.getSpec().setStartingDeadlineSeconds(-1L),
                "spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: \"Always\"",
                cj -> cj.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().setRestartPolicy("Always"));
        for (Map.Entry<String, java.util.function.Consumer<CronJob>> c : cases.entrySet()) {
            CronJob bad = cronJob("bad", "Allow", false);
            c.getValue().accept(bad);
            AllInOne.Result created = cluster.kubectlWithInput(client.getKubernetesSerialization().asJson(bad),
                    "create", "-n", NS, "-f", "-");
            assertNotEquals(0, created.exit(), c.getKey());
            assertTrue(created.err().contains("is invalid") && created.err().contains(c.getKey()), created.err());
        }
        CronJob longName = cronJob("n".repeat(53), "Allow", false);
        KubernetesClientException e = org.junit.jupiter.api.Assertions.assertThrows(KubernetesClientException.class,
                () -> client.batch().v1().cronjobs().inNamespace(NS).resource(longName).create());
        assertEquals(422, e.getCode());
        assertTrue(e.getMessage().contains("metadata.name") && e.getMessage().contains("must be no more than 52 characters"),
                e.getMessage());
        assertEquals(null, cronJob("bad"), "a refused CronJob is not stored");
    }

    @Test
    @Order(5)
    void atTheSecondRunAllowAddsForbidWaitsAndReplaceReplaces() throws Exception {
        List<Job> every = awaitJobs("every", 2);
        Eventually.until("every with two active Jobs", 30, () -> cronJob("every").getStatus().getActive().size(),
                n -> n == 2);
        List<Job> replaced = Eventually.until("replace's second Job alone", 30, () -> scheduledJobs("replace"),
                jobs -> jobs.size() == 1 && jobs.get(0).getMetadata().getName().equals(every.get(1).getMetadata().getName()
                        .replace("every-", "replace-")));
        awaitEvent("replace", "SuccessfulDelete");
        assertEquals(replaced.get(0).getMetadata().getName(), cronJob("replace").getStatus().getActive().get(0).getName());
        Eventually.until("forbid holding back its second run", 30, () -> hasEvent("forbid", "JobAlreadyActive"), b -> b);
        assertEquals(1, scheduledJobs("forbid").size());
        assertEquals(1, scheduledJobs("later").size(), "a run came due while later was suspended");
    }

    @Test
    @Order(6)
    void theHistoryLimitKeepsOnlyTheNewestCompletedJob() throws Exception {
        List<Job> jobs = awaitJobs("history", 2);
        markComplete(jobs.get(1));
        List<Job> left = Eventually.until("history's older Job deleted", 30, () -> scheduledJobs("history"),
                j -> j.size() == 1);
        assertEquals(jobs.get(1).getMetadata().getName(), left.get(0).getMetadata().getName());
        awaitEvent("history", "SuccessfulDelete");
    }
}
