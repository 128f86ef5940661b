package dev.orchestrator.api.scheduler;

import java.util.List;

/**
 * The pods of a {@link NodeInfo} in a list that never changes once made, which a {@code NodeInfo} therefore keeps as
 * given instead of copying it. The scheduler's support code makes them, and derives the list with one pod more or
 * less without copying every pod of the node (a node may hold thousands: virtual or hollow kubelets). Any other
 * list given to a {@code NodeInfo} is copied.
 */
public interface PodList extends List<PodInfo> {
}
