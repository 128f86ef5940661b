package dev.orchestrator.controllers.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.controller.Context;
import dev.orchestrator.api.controller.Reconciler;
import dev.orchestrator.api.controller.Request;
import dev.orchestrator.api.controller.Result;
import dev.orchestrator.api.controller.Watches;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whiteboard side of the manager: reconcilers coming and going, leadership gained and lost. */
class RunningControllersTest {

    private final List<String> log = new ArrayList<>();
    private int terms;

    private final RunningControllers controllers = new RunningControllers(() -> {
        int term = ++terms;
        log.add("term " + term);
        return new RunningControllers.Term() {
            @Override
            public RunningControllers.Running controller(Reconciler<?> reconciler, Watches<?> watches) {
                return new RunningControllers.Running() {
                    @Override
                    public String name() {
                        return watches.name();
                    }

                    @Override
                    public void start() {
                        log.add("start " + watches.name() + " " + reconciler);
                    }

                    @Override
                    public void stop() {
                        log.add("stop " + watches.name() + " " + reconciler);
                    }
                };
            }

            @Override
            public void close() {
                log.add("end term " + term);
            }
        };
    });

    private record Named(String name, String version) implements Reconciler<ConfigMap> {
        @Override
        public Watches<ConfigMap> watches() {
            return Watches.of(name, ConfigMap.class).owns(Secret.class);
        }

        @Override
        public Result reconcile(Request request, Context context) {
            return Result.done();
        }

        @Override
        public String toString() {
            return version;
        }
    }

    @Test
    void controllersRunOnlyWhileLeading() {
        Named a = new Named("a", "a1");
        controllers.add(a);
        assertEquals(List.of(), controllers.runningNames());
        controllers.startLeading();
        assertEquals(List.of("a"), controllers.runningNames());
        controllers.stopLeading();
        assertEquals(List.of(), controllers.runningNames());
        controllers.startLeading();
        assertEquals(List.of("term 1", "start a a1", "stop a a1", "end term 1", "term 2", "start a a1"), log);
    }

    @Test
    void aReconcilerArrivingOrLeavingWhileLeadingStartsOrStopsItsController() {
        controllers.startLeading();
        Named a = new Named("a", "a1");
        Named b = new Named("b", "b1");
        controllers.add(a);
        controllers.add(b);
        assertEquals(List.of("a", "b"), controllers.runningNames());
        controllers.remove(a);
        assertEquals(List.of("b"), controllers.runningNames());
        assertTrue(log.contains("stop a a1"));
    }

    @Test
    void anUpdatedReconcilerWithTheSameNameWaitsForTheOldOneToLeave() {
        controllers.startLeading();
        Named old = new Named("a", "v1");
        Named updated = new Named("a", "v2");
        controllers.add(old);
        controllers.add(updated);
        assertEquals(List.of("a"), controllers.runningNames());
        controllers.remove(old);
        assertEquals(List.of("a"), controllers.runningNames());
        assertEquals(List.of("term 1", "start a v1", "stop a v1", "start a v2"), log);
    }

    @Test
    void aReconcilerWhoseDeclarationFailsIsIgnored() {
        controllers.startLeading();
        controllers.add(new Named("Not A Name", "x"));
        assertEquals(List.of(), controllers.runningNames());
    }
}
