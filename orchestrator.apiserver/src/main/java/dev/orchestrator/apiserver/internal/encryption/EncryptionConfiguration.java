package dev.orchestrator.apiserver.internal.encryption;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What is encrypted how, as read from an {@code EncryptionConfiguration} file: rules in file order, and for a stored
 * object the first rule naming its resource applies (the file may not name a resource again after a rule that
 * already covers it). Objects of resources no rule names are stored as they are. Immutable.
 */
final class EncryptionConfiguration {

    /** One entry of {@code resources}: these resources, with these providers. */
    record Rule(List<ResourcePattern> resources, ProviderList providers) {
        Rule {
            resources = List.copyOf(resources);
        }
    }

    private final List<Rule> rules;

    EncryptionConfiguration(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The providers of the object under {@code storeKey}; empty when it is stored as it is. */
    Optional<ProviderList> providersFor(String storeKey) {
        Optional<ResourcePattern> stored = ResourcePattern.stored(storeKey);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        for (Rule rule : rules) {
            for (ResourcePattern pattern : rule.resources()) {
                if (pattern.covers(stored.get())) {
                    return Optional.of(rule.providers());
                }
            }
        }
        return Optional.empty();
    }

    List<Rule> rules() {
        return rules;
    }

    /** For the log: {@code secrets,configmaps -> [aescbc key "key1", identity]}. */
    @Override
    public String toString() {
        return rules.stream().map(r -> r.resources().stream().map(ResourcePattern::toString)
                .collect(Collectors.joining(",")) + " -> " + r.providers()).collect(Collectors.joining("; "));
    }
}
