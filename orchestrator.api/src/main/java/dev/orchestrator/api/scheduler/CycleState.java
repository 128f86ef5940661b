package dev.orchestrator.api.scheduler;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Scratch space of one scheduling cycle of one pod, plus the cluster snapshot that cycle works on.
 * Values written by PreFilter or PreScore (one thread) may be read by Filter or Score (many
 * threads); a value written must therefore be safe to read concurrently (immutable is best).
 */
@ProviderType
public interface CycleState {

    /** @return the nodes and their pods as this cycle sees them (with the pods assumed so far) */
    ClusterSnapshot snapshot();

    <T> Optional<T> read(StateKey<T> key);

    <T> void write(StateKey<T> key, T value);
}
