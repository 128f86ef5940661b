package dev.orchestrator.api.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A reconciler's declaration: its controller's name, the primary kind (an event of a primary
 * object enqueues that object's key) and the other kinds it watches, each with how an event of
 * such an object maps to primary keys. The runtime starts one shared informer per kind for all
 * controllers and makes every declared kind readable through {@link Context#lister}.
 *
 * <pre>{@code
 * Watches.of("replicaset", ReplicaSet.class)
 *        .owns(Pod.class, rs -> rs.getSpec().getSelector())
 * }</pre>
 *
 * @param name the controller's name: lowercase letters, digits and '-' (metrics label, log key,
 *     expectations scope); unique among the reconcilers of a process
 * @param primary the kind reconciled
 * @param watches the other kinds and their mappings, in declaration order
 * @param <P> the primary kind
 */
public record Watches<P extends HasMetadata>(String name, Class<P> primary, List<Watch<?, P>> watches) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    public Watches {
        Objects.requireNonNull(primary, "primary");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a controller name (lowercase letters, digits, '-'): " + name);
        }
        watches = List.copyOf(watches);
    }

    /** A declaration with only the primary kind. */
    public static <P extends HasMetadata> Watches<P> of(String name, Class<P> primary) {
        return new Watches<>(name, primary, List.of());
    }

    /**
     * Objects of {@code kind} that a primary controls: an event maps to the primary named by the
     * object's controller owner reference (when its kind is the primary kind). The runtime also
     * counts their creations and deletions against the owner's {@link Expectations}.
     */
    public <S extends HasMetadata> Watches<P> owns(Class<S> kind) {
        return with(new Watch<>(kind, List.of(new KeyMapping.ControllerOwner<>())));
    }

    /**
     * As {@link #owns(Class)}, and an object without a controller (an orphan) maps to every primary
     * in its namespace whose selector matches its labels, so that a primary can adopt it.
     *
     * @param selectorOf the primary's selector; a null selector matches nothing
     */
    public <S extends HasMetadata> Watches<P> owns(Class<S> kind, Function<? super P, LabelSelector> selectorOf) {
        return with(new Watch<>(kind, List.of(new KeyMapping.ControllerOwner<>(),
                new KeyMapping.OrphanBySelector<S, P>(selectorOf))));
    }

    /** Objects of {@code kind} that map to keys by the reconciler's own function. */
    public <S extends HasMetadata> Watches<P> watches(Class<S> kind, KeyMapper<S> mapper) {
        return with(new Watch<>(kind, List.of(new KeyMapping.Custom<S, P>(mapper))));
    }

    private Watches<P> with(Watch<?, P> watch) {
        List<Watch<?, P>> all = new ArrayList<>(watches);
        all.add(watch);
        return new Watches<>(name, primary, all);
    }

    /**
     * One watched kind and how its events map to primary keys (the union of its mappings; on an
     * update, of the old and the new object).
     */
    public record Watch<S extends HasMetadata, P extends HasMetadata>(Class<S> kind, List<KeyMapping<S, P>> mappings) {
        public Watch {
            Objects.requireNonNull(kind, "kind");
            mappings = List.copyOf(mappings);
            if (mappings.isEmpty()) {
                throw new IllegalArgumentException("a watch of " + kind.getSimpleName() + " needs a mapping");
            }
        }
    }

    /** How an event of a watched object maps to primary keys. */
    public sealed interface KeyMapping<S extends HasMetadata, P extends HasMetadata> {

        /** The primary named by the object's controller owner reference, when it is of the primary kind. */
        record ControllerOwner<S extends HasMetadata, P extends HasMetadata>() implements KeyMapping<S, P> {
        }

        /** For an object without a controller: the primaries of its namespace whose selector matches its labels. */
        record OrphanBySelector<S extends HasMetadata, P extends HasMetadata>(Function<? super P, LabelSelector> selectorOf)
                implements KeyMapping<S, P> {
            public OrphanBySelector {
                Objects.requireNonNull(selectorOf, "selectorOf");
            }
        }

        /** The reconciler's own mapping. */
        record Custom<S extends HasMetadata, P extends HasMetadata>(KeyMapper<S> mapper) implements KeyMapping<S, P> {
            public Custom {
                Objects.requireNonNull(mapper, "mapper");
            }
        }
    }
}
