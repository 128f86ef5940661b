package dev.orchestrator.support.scheduling;

import dev.orchestrator.api.scheduler.ClusterSnapshot;
import dev.orchestrator.api.scheduler.CycleState;
import dev.orchestrator.api.scheduler.StateKey;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Cycle states: what the framework gives each cycle, and what plugin tests need. */
public final class CycleStates {

    private CycleStates() {
    }

    /** @return an empty state over {@code snapshot}, safe for the parallel Filter and Score calls */
    public static CycleState create(ClusterSnapshot snapshot) {
        return new Concurrent(snapshot);
    }

    private static final class Concurrent implements CycleState {

        private final ClusterSnapshot snapshot;
        private final ConcurrentHashMap<String, Object> values = new ConcurrentHashMap<>();

        Concurrent(ClusterSnapshot snapshot) {
            this.snapshot = snapshot;
        }

        @Override
        public ClusterSnapshot snapshot() {
            return snapshot;
        }

        @Override
        public <T> Optional<T> read(StateKey<T> key) {
            return Optional.ofNullable(values.get(key.name())).map(key.type()::cast);
        }

        @Override
        public <T> void write(StateKey<T> key, T value) {
            values.put(key.name(), key.type().cast(value));
        }
    }
}
