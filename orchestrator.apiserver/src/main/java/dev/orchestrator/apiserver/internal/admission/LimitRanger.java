package dev.orchestrator.apiserver.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionContext;
import dev.orchestrator.api.admission.AdmissionDeniedException;
import dev.orchestrator.api.admission.AdmissionRequest;
import dev.orchestrator.api.admission.MutatingAdmission;
import dev.orchestrator.api.admission.Operation;
import dev.orchestrator.api.admission.ValidatingAdmission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Kubernetes' {@code LimitRanger} for pods: the {@code LimitRange}s (core/v1) of the pod's namespace give
 * containers that lack them their default limits ({@code default}) and requests ({@code defaultRequest}) when
 * the pod is created, then hold each container ({@code type: Container}) and the whole pod ({@code type: Pod})
 * to {@code min}, {@code max} and {@code maxLimitRequestRatio}, refusing with Kubernetes' wording. Pods are
 * checked on create only: their containers' resources do not change afterwards.
 *
 * <p>A LimitRange item's defaults are read as Kubernetes stores them after defaulting: a missing default
 * limit is the {@code max}, a missing default request the default limit, else the {@code min}.
 */
public final class LimitRanger implements MutatingAdmission, ValidatingAdmission {

    static final String ANNOTATION = "kubernetes.io/limit-ranger";

    @Override
    public void admit(AdmissionRequest request, ObjectNode pod, AdmissionContext context) {
        if (!applies(request)) {
            return;
        }
        List<String> notes = new ArrayList<>();
        for (JsonNode item : items(request, context, "Container")) {
            Map<String, JsonNode> defaultLimits = ResourceLists.fields(item.path("default"));
            Map<String, JsonNode> defaultRequests = ResourceLists.fields(item.path("defaultRequest"));
            ResourceLists.fields(item.path("max")).forEach(defaultLimits::putIfAbsent);
            defaultLimits.forEach(defaultRequests::putIfAbsent);
            ResourceLists.fields(item.path("min")).forEach(defaultRequests::putIfAbsent);
            for (ObjectNode container : ResourceLists.containers(pod)) {
                ObjectNode resources = ResourceLists.object(container, "resources");
                List<String> setRequests = fill(ResourceLists.object(resources, "requests"), defaultRequests);
                List<String> setLimits = fill(ResourceLists.object(resources, "limits"), defaultLimits);
                String name = container.path("name").asText();
                if (!setRequests.isEmpty()) {
                    notes.add(String.join(", ", setRequests) + " request for container " + name);
                }
                if (!setLimits.isEmpty()) {
                    notes.add(String.join(", ", setLimits) + " limit for container " + name);
                }
                ResourceLists.dropEmpty(container);
            }
        }
        if (!notes.isEmpty()) {
            ResourceLists.object(ResourceLists.object(pod, "metadata"), "annotations")
                    .put(ANNOTATION, "LimitRanger plugin set: " + String.join("; ", notes));
        }
    }

    private static List<String> fill(ObjectNode list, Map<String, JsonNode> defaults) {
        List<String> set = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : defaults.entrySet()) {
            if (!list.has(e.getKey())) {
                list.set(e.getKey(), e.getValue().deepCopy());
                set.add(e.getKey());
            }
        }
        return set;
    }

    @Override
    public void validate(AdmissionRequest request, ObjectNode pod, AdmissionContext context) {
        if (!applies(request)) {
            return;
        }
        List<String> errors = new ArrayList<>();
        for (JsonNode item : items(request, context, "Container")) {
            for (ObjectNode container : ResourceLists.containers(pod)) {
                JsonNode resources = container.path("resources");
                check(item, "Container", resources.path("requests"), resources.path("limits"), errors);
            }
        }
        for (JsonNode item : items(request, context, "Pod")) {
            check(item, "Pod", ResourceLists.podTotal(pod, "requests"), ResourceLists.podTotal(pod, "limits"), errors);
        }
        if (!errors.isEmpty()) {
            throw new AdmissionDeniedException(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        }
    }

    private static boolean applies(AdmissionRequest request) {
        return request.operation() == Operation.CREATE && request.isMain("", "pods");
    }

    private static List<JsonNode> items(AdmissionRequest request, AdmissionContext context, String type) {
        List<JsonNode> items = new ArrayList<>();
        for (ObjectNode range : context.lookup().list("", "limitranges", request.namespace())) {
            for (JsonNode item : range.path("spec").path("limits")) {
                if (type.equals(item.path("type").asText())) {
                    items.add(item);
                }
            }
        }
        return items;
    }

    /** One LimitRange item's constraints on one container's (or the pod's) requests and limits. */
    private static void check(JsonNode item, String type, JsonNode requests, JsonNode limits, List<String> errors) {
        for (String resource : new TreeSet<>(ResourceLists.fields(item.path("min")).keySet())) {
            String enforced = ResourceLists.text(item.path("min").get(resource));
            if (!requests.has(resource)) {
                errors.add("minimum " + resource + " usage per " + type + " is " + enforced + ".  No request is specified");
            } else if (ResourceLists.compare(requests.get(resource), item.path("min").get(resource)) < 0) {
                errors.add("minimum " + resource + " usage per " + type + " is " + enforced + ", but request is "
                        + ResourceLists.text(requests.get(resource)));
            } else if (limits.has(resource) && ResourceLists.compare(limits.get(resource), item.path("min").get(resource)) < 0) {
                errors.add("minimum " + resource + " usage per " + type + " is " + enforced + ", but limit is "
                        + ResourceLists.text(limits.get(resource)));
            }
        }
        for (String resource : new TreeSet<>(ResourceLists.fields(item.path("max")).keySet())) {
            String enforced = ResourceLists.text(item.path("max").get(resource));
            if (!limits.has(resource)) {
                errors.add("maximum " + resource + " usage per " + type + " is " + enforced + ".  No limit is specified");
            } else if (ResourceLists.compare(limits.get(resource), item.path("max").get(resource)) > 0) {
                errors.add("maximum " + resource + " usage per " + type + " is " + enforced + ", but limit is "
                        + ResourceLists.text(limits.get(resource)));
            } else if (requests.has(resource) && ResourceLists.compare(requests.get(resource), item.path("max").get(resource)) > 0) {
                errors.add("maximum " + resource + " usage per " + type + " is " + enforced + ", but request is "
                        + ResourceLists.text(requests.get(resource)));
            }
        }
        for (String resource : new TreeSet<>(ResourceLists.fields(item.path("maxLimitRequestRatio")).keySet())) {
            JsonNode max = item.path("maxLimitRequestRatio").get(resource);
            String prefix = resource + " max limit to request ratio per " + type + " is " + ResourceLists.text(max);
            if (!requests.has(resource) || ResourceLists.amount(requests.get(resource)).signum() == 0) {
                errors.add(prefix + ", but no request is specified or request is 0");
            } else if (!limits.has(resource) || ResourceLists.amount(limits.get(resource)).signum() == 0) {
                errors.add(prefix + ", but no limit is specified or limit is 0");
            } else {
                double ratio = ResourceLists.amount(limits.get(resource)).doubleValue()
                        / ResourceLists.amount(requests.get(resource)).doubleValue();
                if (ratio > ResourceLists.amount(max).doubleValue()) {
                    errors.add(prefix + ", but provided ratio is " + String.format(java.util.Locale.ROOT, "%f", ratio));
                }
            }
        }
    }
}
