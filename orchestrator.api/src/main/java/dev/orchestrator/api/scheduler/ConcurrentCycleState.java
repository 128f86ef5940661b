package dev.orchestrator.api.scheduler;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The scratch space of one pod's cycle; safe for the parallel Filter and Score calls. */
final class ConcurrentCycleState implements CycleState {

    private final ClusterSnapshot snapshot;
    private final ConcurrentHashMap<String, Object> values = new ConcurrentHashMap<>();

    ConcurrentCycleState(ClusterSnapshot snapshot) {
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
