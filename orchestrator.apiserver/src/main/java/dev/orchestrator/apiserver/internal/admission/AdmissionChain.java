package dev.orchestrator.apiserver.internal.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionContext;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.MutatingAdmission;
import dev.orchestrator.api.admission.ValidatingAdmission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The admission plugins in force: the built-in ones and those registered as OSGi services (whiteboard), each
 * phase ordered by ranking (highest first; equal rankings in the order they came). Plugins are added and
 * removed while requests run: a request reads the list as it is when its phase starts (copy-on-write), so a
 * plugin leaving mid-request may still finish that request, and none is ever half-registered.
 */
public final class AdmissionChain {

    /** A plugin with its name (logs, the configuration switch) and ranking. */
    public record Ranked<T>(String name, int ranking, long order, T plugin) {
    }

    private static final Comparator<Ranked<?>> BY_RANKING =
            Comparator.comparingInt((Ranked<?> r) -> -r.ranking()).thenComparingLong(Ranked::order);

    private final Set<String> disabled;
    private volatile List<Ranked<MutatingAdmission>> mutating = List.of();
    private volatile List<Ranked<ValidatingAdmission>> validating = List.of();
    private long added;

    /** @param disabled names of plugins never called (configuration), built-in or registered */
    public AdmissionChain(Set<String> disabled) {
        this.disabled = Set.copyOf(disabled);
    }

    /** Adds a mutating plugin, unless its name is disabled. Idempotent for the same instance. */
    public synchronized void add(String name, int ranking, MutatingAdmission plugin) {
        if (!disabled.contains(name) && mutating.stream().noneMatch(r -> r.plugin() == plugin)) {
            mutating = with(mutating, new Ranked<>(name, ranking, added++, plugin));
        }
    }

    public synchronized void add(String name, int ranking, ValidatingAdmission plugin) {
        if (!disabled.contains(name) && validating.stream().noneMatch(r -> r.plugin() == plugin)) {
            validating = with(validating, new Ranked<>(name, ranking, added++, plugin));
        }
    }

    public synchronized void remove(MutatingAdmission plugin) {
        mutating = mutating.stream().filter(r -> r.plugin() != plugin).toList();
    }

    public synchronized void remove(ValidatingAdmission plugin) {
        validating = validating.stream().filter(r -> r.plugin() != plugin).toList();
    }

    private static <T> List<Ranked<T>> with(List<Ranked<T>> list, Ranked<T> plugin) {
        List<Ranked<T>> copy = new ArrayList<>(list);
        copy.add(plugin);
        copy.sort(BY_RANKING);
        return List.copyOf(copy);
    }

    /** Runs every mutating plugin on {@code object}, in order; the first denial ends the request. */
    public void mutate(AdmissionRequest request, ObjectNode object, AdmissionContext context) {
        for (Ranked<MutatingAdmission> r : mutating) {
            r.plugin().admit(request, object, context);
        }
    }

    /** Runs every validating plugin, in order; the first denial ends the request. */
    public void validate(AdmissionRequest request, ObjectNode object, AdmissionContext context) {
        for (Ranked<ValidatingAdmission> r : validating) {
            r.plugin().validate(request, object, context);
        }
    }

    /** The names in force, mutating then validating, in calling order (logs, tests). */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        mutating.forEach(r -> names.add("mutating:" + r.name()));
        validating.forEach(r -> names.add("validating:" + r.name()));
        return names;
    }
}
