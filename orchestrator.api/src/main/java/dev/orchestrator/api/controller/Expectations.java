package dev.orchestrator.api.controller;

import java.util.Collection;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Creations and deletions a controller made for a primary object and has not yet seen in its
 * caches. A reconciler that creates objects from a count (replicas) must not act again on a
 * cache that does not show its previous writes yet, or a slow watch would make it create extra
 * objects: it records what it is about to do, and {@link #satisfied} stays false until the
 * watch delivered all of it.
 *
 * <p>The runtime observes the events of kinds declared with {@link Watches#owns}: an added object
 * whose controller owner reference names a primary lowers that primary's creations; a deleted
 * object, or one that got a deletion timestamp, is removed from its deletions. The reconciler
 * lowers them itself for writes that failed (they will never be observed). Expectations older
 * than the runtime's timeout (5 minutes) count as satisfied, so a lost event delays a primary but
 * never blocks it. Thread-safe.
 */
@ProviderType
public interface Expectations {

    /** True when nothing recorded for this primary is still awaited (or what is awaited timed out). */
    boolean satisfied(Request primary);

    /** Records that {@code count} objects are about to be created for the primary (replacing an earlier record). */
    void expectCreations(Request primary, int count);

    /** A creation that will not be observed (the create call failed or was skipped). */
    void creationObserved(Request primary);

    /**
     * Records that these objects ({@code namespace/name} keys) are about to be deleted for the
     * primary (replacing an earlier record).
     */
    void expectDeletions(Request primary, Collection<String> objectKeys);

    /** A deletion that will not be observed (the delete call failed, or the object was gone already). */
    void deletionObserved(Request primary, String objectKey);

    /** Forgets everything recorded for the primary (it was deleted). */
    void forget(Request primary);
}
