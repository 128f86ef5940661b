package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Serves a stored resource under a second version of its group (autoscaling/v1 HorizontalPodAutoscalers
 * stored as autoscaling/v2): whole objects converted both ways, the server keeping one stored form. What
 * the served version cannot express must survive a read-modify-write through it (Kubernetes keeps such
 * fields in annotations), so {@code toStored(toServed(o))} gives {@code o} back.
 *
 * <p>The registry knows each converted resource by the {@link ResourceType} of its served version
 * ({@link ResourceType#servedAs}); requests to it are answered from and written to the stored version's
 * objects: bodies are converted in, objects out (Tables are computed from the stored form).
 */
interface VersionConverter {

    /** The version objects are stored in, e.g. {@code v2}. */
    String storedVersion();

    /** A served-version object (a request body, type meta checked) as the stored version; a new object. */
    ObjectNode toStored(ObjectNode served);

    /** A stored object as the served version; a new object, the stored one is left as it is. */
    ObjectNode toServed(ObjectNode stored);
}
