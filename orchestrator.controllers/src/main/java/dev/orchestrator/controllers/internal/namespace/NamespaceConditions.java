package dev.orchestrator.controllers.internal.namespace;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The conditions of a terminating namespace, named and worded as Kubernetes' namespace controller
 * words them, so that {@code kubectl describe namespace} tells why a namespace is stuck:
 * {@code NamespaceDeletionDiscoveryFailure}, {@code NamespaceDeletionGroupVersionParsingFailure},
 * {@code NamespaceDeletionContentFailure}, {@code NamespaceContentRemaining} and
 * {@code NamespaceFinalizersRemaining}, each True with the details while the problem lasts and
 * False with the all-clear otherwise.
 */
final class NamespaceConditions {

    private NamespaceConditions() {
    }

    static List<NamespaceCondition> of(NamespaceContent content, List<NamespaceCondition> previous, Instant now) {
        List<NamespaceCondition> conditions = new ArrayList<>();
        conditions.add(condition("NamespaceDeletionDiscoveryFailure", !content.discoveryFailures().isEmpty(),
                "DiscoveryFailed", "Discovery failed for some groups, " + content.discoveryFailures().size()
                        + " failing: " + String.join(", ", content.discoveryFailures()),
                "ResourcesDiscovered", "All resources successfully discovered", previous, now));
        conditions.add(condition("NamespaceDeletionGroupVersionParsingFailure", false, "", "",
                "ParsedGroupVersions", "All legacy kube types successfully parsed", previous, now));
        conditions.add(condition("NamespaceDeletionContentFailure", !content.deletionFailures().isEmpty(),
                "ContentDeletionFailed", "Failed to delete all resource types, " + content.deletionFailures().size()
                        + " remaining: " + String.join(", ", content.deletionFailures()),
                "ContentDeleted", "All content successfully deleted, may be waiting on finalization", previous, now));
        conditions.add(condition("NamespaceContentRemaining", !content.remaining().isEmpty(), "SomeResourcesRemain",
                "Some resources are remaining: " + counts(content.remaining(), "%s has %d resource instances"),
                "ContentRemoved", "All content successfully removed", previous, now));
        conditions.add(condition("NamespaceFinalizersRemaining", !content.finalizers().isEmpty(), "SomeFinalizersRemain",
                "Some content in the namespace has finalizers remaining: "
                        + counts(content.finalizers(), "%s in %d resource instances"),
                "ContentHasNoFinalizers", "All content-preserving finalizers finished", previous, now));
        return conditions;
    }

    /** Whether two condition lists say the same (ignoring transition times). */
    static boolean same(List<NamespaceCondition> a, List<NamespaceCondition> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            NamespaceCondition x = a.get(i);
            NamespaceCondition y = b.get(i);
            if (!Objects.equals(x.getType(), y.getType()) || !Objects.equals(x.getStatus(), y.getStatus())
                    || !Objects.equals(x.getReason(), y.getReason()) || !Objects.equals(x.getMessage(), y.getMessage())) {
                return false;
            }
        }
        return true;
    }

    private static String counts(Map<String, Integer> counts, String format) {
        return counts.entrySet().stream().map(e -> String.format(format, e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static NamespaceCondition condition(String type, boolean failing, String badReason, String badMessage,
                                                String goodReason, String goodMessage, List<NamespaceCondition> previous,
                                                Instant now) {
        String status = failing ? "True" : "False";
        String since = previous.stream().filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
                .map(NamespaceCondition::getLastTransitionTime).filter(Objects::nonNull).findFirst()
                .orElse(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        return new NamespaceConditionBuilder().withType(type).withStatus(status)
                .withReason(failing ? badReason : goodReason).withMessage(failing ? badMessage : goodMessage)
                .withLastTransitionTime(since).build();
    }
}
