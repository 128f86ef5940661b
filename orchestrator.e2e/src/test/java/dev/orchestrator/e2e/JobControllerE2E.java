package dev.orchestrator.e2e;

import static dev.orchestrator.e2e.RealNodeCluster.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.testing.Eventually;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Job controller (orchestrator.controllers) in a running all-in-one with one hollow node
 * (runtime.sim: {@code sim-exit <code> <afterMillis>} ends a container, any other command runs
 * until stopped), driven with real kubectl: completion with bounded parallelism, backoffLimit,
 * Indexed completion, activeDeadlineSeconds, podFailurePolicy, suspend and resume,
 * ttlSecondsAfterFinished, and a deleted Job's pods. The pod failure back-off is shortened by the
 * controller's configuration so failing Jobs finish quickly; every wait has a deadline and no test
 * asserts speed. Each test uses Jobs of its own in one shared cluster.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JobControllerE2E extends HollowNodeCluster {

    private static final String NODE = "hollow-job";

    JobControllerE2E() {
        super(NODE, 206, "capacityCpu=32", "capacityMemory=64Gi");
    }

    @Override
    protected Map<String, String> extraEtcFiles() {
        return Map.of("orchestrator.controllers.job.cfg", "podFailureBackoffMillis=200\nmaxPodFailureBackoffMillis=1000\n");
    }

    /** Creates a Job: {@code spec} holds extra spec fields as JSON ("" for none), the container runs {@code command}. */
    private void createJob(String name, String spec, String... command) throws Exception {
        String json = """
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"%s"},
                 "spec":{%s"template":{"spec":{"restartPolicy":"Never","terminationGracePeriodSeconds":1,
                   "containers":[{"name":"main","image":"busybox:1","command":["%s"]}]}}}}
                """.formatted(name, spec.isEmpty() ? "" : spec + ",", String.join("\",\"", command));
        ok(cluster.kubectlWithInput(json, "create", "-f", "-"));
    }

    private Job job(String name) {
        return client.batch().v1().jobs().inNamespace("default").withName(name).get();
    }

    private List<Pod> pods(String job) {
        return client.pods().inNamespace("default").withLabel("batch.kubernetes.io/job-name", job).list().getItems();
    }

    private static long count(List<Pod> pods, String phase) {
        return pods.stream().filter(p -> p.getStatus() != null && phase.equals(p.getStatus().getPhase())).count();
    }

    /** Pods that run or wait to run, not being deleted. */
    private static long active(List<Pod> pods) {
        return pods.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getStatus() == null || !Set.of("Succeeded", "Failed").contains(p.getStatus().getPhase()))
                .count();
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job == null || job.getStatus() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private JobCondition awaitCondition(String name, String type, String status) throws Exception {
        Job seen = Eventually.until("job " + name + " " + type + "=" + status, 120, () -> job(name),
                j -> condition(j, type).filter(c -> status.equals(c.getStatus())).isPresent());
        return condition(seen, type).orElseThrow();
    }

    private String describe(String name) throws Exception {
        return cluster.kubectl("describe", "job", name).out();
    }

    @Test
    void aJobOfFiveCompletionsRunsAtMostTwoPodsAtOnceAndCompletes() throws Exception {
        createJob("five", "\"completions\":5,\"parallelism\":2", "sim-exit", "0", "1500");
        long[] mostActive = {0};
        Eventually.until("job five complete", 120, () -> {
            mostActive[0] = Math.max(mostActive[0], active(pods("five")));
            return job("five");
        }, j -> condition(j, "Complete").filter(c -> "True".equals(c.getStatus())).isPresent());
        ok(cluster.kubectl("wait", "--for=condition=complete", "job/five", "--timeout=60s"));
        assertTrue(mostActive[0] <= 2, "more than 2 active pods: " + mostActive[0]);
        List<Pod> pods = pods("five");
        assertEquals(5, count(pods, "Succeeded"), pods.toString());
        assertEquals(5, pods.size(), "finished pods are kept, and no extra pod was made");
        Job done = job("five");
        assertEquals(5, done.getStatus().getSucceeded());
        assertEquals(0, n(done.getStatus().getActive()));
        assertTrue(done.getStatus().getStartTime() != null && done.getStatus().getCompletionTime() != null);
        for (Pod pod : pods) {
            assertEquals(done.getMetadata().getUid(), pod.getMetadata().getLabels().get("batch.kubernetes.io/controller-uid"));
            assertEquals("five", pod.getMetadata().getLabels().get("job-name"));
            assertTrue(pod.getMetadata().getName().matches("five-[a-z0-9]{5}"), pod.getMetadata().getName());
        }
        String table = ok(cluster.kubectl("get", "jobs", "five")).out();
        assertTrue(table.matches("(?s)NAME\\s+STATUS\\s+COMPLETIONS\\s+DURATION\\s+AGE\\s*\\nfive\\s+Complete\\s+5/5\\s+\\S+\\s+\\S+\\s*"),
                table);
        String events = Eventually.until("events of five", 30, () -> describe("five"),
                d -> d.contains("Completed") && d.contains("SuccessfulCreate"));
        assertTrue(events.contains("Created pod: five-"), events);
    }

    @Test
    void aFailingJobStopsAtItsBackoffLimit() throws Exception {
        createJob("fails", "\"backoffLimit\":2", "sim-exit", "1", "200");
        JobCondition failed = awaitCondition("fails", "Failed", "True");
        assertEquals("BackoffLimitExceeded", failed.getReason());
        List<Pod> pods = pods("fails");
        assertEquals(3, count(pods, "Failed"), pods.toString());
        assertEquals(3, pods.size());
        assertEquals(3, job("fails").getStatus().getFailed());
        assertTrue(ok(cluster.kubectl("get", "jobs", "fails")).out().contains("Failed"));
        Eventually.until("BackoffLimitExceeded event", 30, () -> describe("fails"), d -> d.contains("BackoffLimitExceeded"));
    }

    @Test
    void anIndexedJobRunsEachIndexOnce() throws Exception {
        createJob("idx", "\"completions\":3,\"parallelism\":3,\"completionMode\":\"Indexed\"", "sim-exit", "0", "500");
        awaitCondition("idx", "Complete", "True");
        assertEquals("0-2", job("idx").getStatus().getCompletedIndexes());
        List<Pod> pods = pods("idx");
        assertEquals(3, count(pods, "Succeeded"), pods.toString());
        Set<String> indexes = new TreeSet<>();
        for (Pod pod : pods) {
            String index = pod.getMetadata().getAnnotations().get("batch.kubernetes.io/job-completion-index");
            indexes.add(index);
            assertTrue(pod.getMetadata().getName().startsWith("idx-" + index + "-"), pod.getMetadata().getName());
            assertEquals("idx-" + index, pod.getSpec().getHostname());
            List<EnvVar> env = pod.getSpec().getContainers().get(0).getEnv();
            assertTrue(env.stream().anyMatch(e -> e.getName().equals("JOB_COMPLETION_INDEX") && index.equals(e.getValue())),
                    env.toString());
        }
        assertEquals(Set.of("0", "1", "2"), indexes);
    }

    @Test
    void aJobActiveLongerThanItsDeadlineFails() throws Exception {
        createJob("slow", "\"activeDeadlineSeconds\":3", "sleep", "3600");
        JobCondition failed = awaitCondition("slow", "Failed", "True");
        assertEquals("DeadlineExceeded", failed.getReason());
        Eventually.until("slow's pods stopped", 60, () -> pods("slow"), p -> active(p) == 0);
        Eventually.until("DeadlineExceeded event", 30, () -> describe("slow"), d -> d.contains("DeadlineExceeded"));
    }

    @Test
    void aPodFailurePolicyFailJobRuleFailsTheJobAtOnce() throws Exception {
        createJob("policy", "\"backoffLimit\":6,\"podFailurePolicy\":{\"rules\":[{\"action\":\"FailJob\","
                + "\"onExitCodes\":{\"operator\":\"In\",\"values\":[42]}}]}", "sim-exit", "42", "200");
        JobCondition failed = awaitCondition("policy", "Failed", "True");
        assertEquals("PodFailurePolicy", failed.getReason());
        assertTrue(failed.getMessage().contains("exit code 42"), failed.getMessage());
        assertEquals(1, pods("policy").size(), "no pod was retried");
    }

    @Test
    void aSuspendedJobDeletesItsPodsAndResumes() throws Exception {
        createJob("pause", "\"completions\":2,\"parallelism\":2", "sim-exit", "0", "4000");
        Eventually.until("2 pods of pause", 60, () -> pods("pause"), p -> active(p) == 2);
        ok(cluster.kubectl("patch", "job", "pause", "--type=merge", "-p", "{\"spec\":{\"suspend\":true}}"));
        JobCondition suspended = awaitCondition("pause", "Suspended", "True");
        assertEquals("JobSuspended", suspended.getReason());
        Eventually.until("pause's pods gone", 60, () -> pods("pause"), p -> active(p) == 0);
        assertEquals(0, n(job("pause").getStatus().getActive()));
        assertTrue(ok(cluster.kubectl("get", "jobs", "pause")).out().contains("Suspended"));

        ok(cluster.kubectl("patch", "job", "pause", "--type=merge", "-p", "{\"spec\":{\"suspend\":false}}"));
        JobCondition resumed = awaitCondition("pause", "Suspended", "False");
        assertEquals("JobResumed", resumed.getReason());
        awaitCondition("pause", "Complete", "True");
        assertEquals(2, job("pause").getStatus().getSucceeded());
        String events = Eventually.until("Suspended and Resumed events", 30, () -> describe("pause"),
                d -> d.contains("Suspended") && d.contains("Resumed"));
        assertTrue(events.contains("Job resumed"), events);
    }

    @Test
    void aFinishedJobWithATtlIsDeletedWithItsPods() throws Exception {
        createJob("ttl", "\"ttlSecondsAfterFinished\":2", "sim-exit", "0", "200");
        awaitCondition("ttl", "Complete", "True");
        Eventually.until("job ttl deleted", 90, () -> job("ttl"), j -> j == null);
        Eventually.until("ttl's pods deleted", 90, () -> pods("ttl"), List::isEmpty);
    }

    @Test
    void aJobWhosePodsAreRefusedBacksOffWithEventsAndRecovers() throws Exception {
        ok(cluster.kubectl("create", "namespace", "job-quota"));
        ok(cluster.kubectl("create", "quota", "no-pods", "-n", "job-quota", "--hard=pods=0"));
        ok(cluster.kubectlWithInput("""
                {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"refused","namespace":"job-quota"},
                 "spec":{"template":{"spec":{"restartPolicy":"Never","terminationGracePeriodSeconds":1,
                   "containers":[{"name":"main","image":"busybox:1","command":["sim-exit","0","100"]}]}}}}
                """, "create", "-f", "-"));
        String event = Eventually.until("a FailedCreate event", 60, () -> cluster.kubectl("get", "events", "-n",
                "job-quota", "--field-selector", "reason=FailedCreate", "-o", "jsonpath={.items[*].message}").out(),
                m -> m.contains("exceeded quota: no-pods"));
        assertTrue(event.startsWith("Error creating: "), event);
        // the retries back off: over 10 s the refused creations stay few (a hot loop would make hundreds)
        int before = failedCreations();
        Thread.sleep(10_000);
        int during = failedCreations() - before;
        assertTrue(during <= 15, during + " refused creations in 10 s");
        ok(cluster.kubectl("delete", "quota", "no-pods", "-n", "job-quota"));
        Eventually.until("job refused completes once pods are allowed", 120, () -> cluster.kubectl("get", "job",
                "refused", "-n", "job-quota", "-o", "jsonpath={.status.succeeded}").out(), "1"::equals);
        ok(cluster.kubectl("delete", "namespace", "job-quota", "--wait=false"));
    }

    /** How many creations the API refused the Job "refused" so far (the aggregated event's count). */
    private int failedCreations() throws Exception {
        String counts = ok(cluster.kubectl("get", "events", "-n", "job-quota", "--field-selector", "reason=FailedCreate",
                "-o", "jsonpath={.items[*].count}")).out().trim();
        return counts.isEmpty() ? 0 : java.util.Arrays.stream(counts.split("\\s+")).mapToInt(Integer::parseInt).sum();
    }

    @Test
    void deletingAJobDeletesItsPods() throws Exception {
        createJob("gone", "\"completions\":4,\"parallelism\":2", "sleep", "3600");
        Eventually.until("2 pods of gone", 60, () -> pods("gone"), p -> active(p) == 2);
        ok(cluster.kubectl("delete", "job", "gone"));
        Eventually.until("gone's pods deleted", 90, () -> pods("gone"), List::isEmpty);
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
