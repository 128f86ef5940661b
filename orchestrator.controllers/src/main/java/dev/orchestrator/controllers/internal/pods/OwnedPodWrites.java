package dev.orchestrator.controllers.internal.pods;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Expectations;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.controllers.internal.ApiErrors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The pod writes of a workload controller (ReplicaSet, Job, DaemonSet), made as Kubernetes' controllers make them:
 * creations in {@link SlowStart} batches whose calls run at the same time, deletions all at the same time. One pod
 * at a time, a ReplicaSet of 500 replicas waits for 500 round trips in a row, and a worker blocked in them holds up
 * every other ReplicaSet behind it in the queue.
 *
 * <p>Every write is announced to the expectations first, and every write that will not show up in the cache (it
 * failed, was skipped, or the pod was gone already) is taken back, so the next reconcile acts only on a cache that
 * includes this one's writes and a slow watch never makes the controller create a pod twice. Each write records the
 * event Kubernetes records for it ({@code SuccessfulCreate}, {@code FailedCreate}, {@code SuccessfulDelete},
 * {@code FailedDelete}).
 */
public final class OwnedPodWrites implements AutoCloseable {

    /** What one round of writes did: the calls that succeeded and, when the API refused one, its message. */
    public record Outcome(int succeeded, Optional<String> failure) {
        public static final Outcome NONE = new Outcome(0, Optional.empty());
    }

    /** Calls in flight at most per controller; more wait in line (a batch may hold up to the burst, 500). */
    static final int CONCURRENT_CALLS = 16;

    private final KubernetesClient client;
    private final int initialBatch;
    private final ThreadPoolExecutor calls;

    /**
     * @param initialBatch the first creation batch's size; each batch that fully succeeds doubles the next
     * @param controller names the threads that make the calls
     */
    public OwnedPodWrites(KubernetesClient client, int initialBatch, String controller) {
        this.client = client;
        this.initialBatch = Math.max(1, initialBatch);
        AtomicInteger threads = new AtomicInteger();
        this.calls = new ThreadPoolExecutor(CONCURRENT_CALLS, CONCURRENT_CALLS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, controller + "-pod-writes-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.calls.allowCoreThreadTimeOut(true);
    }

    /**
     * Creates one pod per item, in slow-start batches: a round whose pods are all refused (a quota, an admission
     * webhook) makes one failing call, not hundreds. A batch with a refusal ends the round, and so does a namespace
     * being deleted (without a failure: the namespace's deletion takes the owner too).
     */
    public <T> Outcome create(HasMetadata owner, List<T> items, Function<T, Pod> newPod, Request key, Context context) {
        if (items.isEmpty()) {
            return Outcome.NONE;
        }
        Expectations expectations = context.expectations();
        expectations.expectCreations(key, items.size());
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicInteger created = new AtomicInteger();
        int started = inSlowStartBatches(items, item -> {
            boolean ok = createOne(owner, () -> newPod.apply(item), key, context, failure);
            if (ok) {
                created.incrementAndGet();
            }
            return ok;
        });
        for (int skipped = items.size() - started; skipped > 0; skipped--) {
            expectations.creationObserved(key);
        }
        return new Outcome(created.get(), Optional.ofNullable(failure.get()));
    }

    /**
     * Hands the items to {@code call} in slow-start batches, each batch's calls at the same time; a batch in which a
     * call answers false ends the run.
     *
     * @return how many items were handed to {@code call} (the first ones); the rest were not tried
     */
    public <T> int inSlowStartBatches(List<T> items, Predicate<T> call) {
        int[] started = {0};
        SlowStart.run(items.size(), initialBatch, n -> {
            List<T> batch = items.subList(started[0], started[0] + n);
            started[0] += n;
            return atOnce(batch, call);
        });
        return started[0];
    }

    private boolean createOne(HasMetadata owner, Supplier<Pod> pod, Request key, Context context,
                              AtomicReference<String> failure) {
        if (context.cancelled()) {
            context.expectations().creationObserved(key);
            return false;
        }
        try {
            Pod created = client.pods().inNamespace(owner.getMetadata().getNamespace()).resource(pod.get()).create();
            context.events().normal(owner, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
            return true;
        } catch (RuntimeException e) {
            context.expectations().creationObserved(key);
            if (!ApiErrors.namespaceTerminating(e)) {
                String message = ApiErrors.message(e);
                failure.compareAndSet(null, message);
                context.events().warning(owner, "FailedCreate", "Error creating: " + message);
            }
            return false;
        }
    }

    /** Deletes the pods at the same time; a pod that was gone already counts as deleted. */
    public Outcome delete(HasMetadata owner, List<Pod> pods, Request key, Context context) {
        if (pods.isEmpty()) {
            return Outcome.NONE;
        }
        context.expectations().expectDeletions(key, pods.stream().map(OwnedPodWrites::objectKey).toList());
        AtomicReference<String> failure = new AtomicReference<>();
        int deleted = atOnce(pods, pod -> deleteOne(owner, pod, key, context, failure));
        return new Outcome(deleted, Optional.ofNullable(failure.get()));
    }

    private boolean deleteOne(HasMetadata owner, Pod pod, Request key, Context context,
                              AtomicReference<String> failure) {
        try {
            boolean existed = !client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).delete().isEmpty();
            if (existed) {
                context.events().normal(owner, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
            } else {
                context.expectations().deletionObserved(key, objectKey(pod));
            }
            return true;
        } catch (RuntimeException e) {
            context.expectations().deletionObserved(key, objectKey(pod));
            String message = ApiErrors.message(e);
            failure.compareAndSet(null, message);
            context.events().warning(owner, "FailedDelete", "Error deleting: " + message);
            return false;
        }
    }

    /**
     * Hands every item to {@code call} at the same time: the first on this thread, the others on the pool.
     *
     * @return how many calls answered true
     */
    public <T> int atOnce(List<T> items, Predicate<T> call) {
        if (items.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<Boolean>> others = new ArrayList<>(items.size() - 1);
        for (T item : items.subList(1, items.size())) {
            others.add(submit(() -> call.test(item)));
        }
        int succeeded = call.test(items.get(0)) ? 1 : 0;
        for (CompletableFuture<Boolean> other : others) {
            succeeded += other.join() ? 1 : 0;
        }
        return succeeded;
    }

    private CompletableFuture<Boolean> submit(Supplier<Boolean> call) {
        try {
            return CompletableFuture.supplyAsync(call, calls);
        } catch (RejectedExecutionException closed) {
            return CompletableFuture.completedFuture(call.get()); // the controller is stopping: finish on this thread
        }
    }

    public static String objectKey(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    /** Lets calls in flight finish; their threads end with them. */
    @Override
    public void close() {
        calls.shutdown();
    }
}
