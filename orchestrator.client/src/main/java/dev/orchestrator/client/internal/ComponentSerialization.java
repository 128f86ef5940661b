package dev.orchestrator.client.internal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.orchestrator.client.LenientSerialization;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.function.Consumer;
import tools.jackson.databind.cfg.MapperBuilder;

/**
 * The serialization of the process' shared client: {@link LenientSerialization} without the field sets of
 * managedFields. Every object the informers hold carried its managers' field tries ({@code fieldsV1}), which fabric8
 * decodes into nested maps: of 30,000 pods and their events in the scheduler benchmark's informers, ~2 million maps,
 * ~180 MB, and their decoding on every watch event. No component reads them; the entries stay, with their manager,
 * operation and time (the event TTL counts from the last write's time), only their field sets are not decoded.
 * An object written back from an informer must then not carry its managedFields: a list different from the stored one
 * would replace it (Kubernetes' rule), so this client never sends them, and the server keeps what it holds — as
 * client-go's informers that strip managedFields do.
 */
final class ComponentSerialization extends LenientSerialization {

    @JsonIgnoreProperties(value = "managedFields", allowSetters = true)
    private abstract static class MetadataSentWithoutManagedFields {
    }

    @JsonIgnoreProperties("fieldsV1")
    private abstract static class EntryWithoutFieldSet {
    }

    ComponentSerialization(Consumer<String> skipped) {
        super(skipped);
    }

    @Override
    protected MapperBuilder<?, ?> tune(MapperBuilder<?, ?> builder) {
        return builder.addMixIn(ObjectMeta.class, MetadataSentWithoutManagedFields.class)
                .addMixIn(ManagedFieldsEntry.class, EntryWithoutFieldSet.class);
    }
}
