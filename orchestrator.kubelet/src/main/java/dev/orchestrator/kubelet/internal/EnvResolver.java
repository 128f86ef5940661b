package dev.orchestrator.kubelet.internal;

import dev.orchestrator.api.runtime.ContainerConfig.EnvVar;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment of a container as Kubernetes builds it: the Services' variables ({@link ServiceEnvironment}),
 * then {@code envFrom} sources, then {@code env} entries in order, each value expanded with {@code $(VAR)}
 * references to the variables defined before it (Services' included); values from ConfigMaps/Secrets, the pod's
 * own fields and its resources. A variable the container defines wins over a Service's of the same name.
 */
final class EnvResolver {

    private static final Pattern ANNOTATION_OR_LABEL = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

    private final ConfigSources sources;
    private final ClusterServices services;
    /** The node's allocatable resources: what an absent limit means, as in Kubernetes. */
    private final Map<String, Quantity> allocatable;

    EnvResolver(ConfigSources sources, ClusterServices services, Map<String, Quantity> allocatable) {
        this.sources = sources;
        this.services = services;
        this.allocatable = Map.copyOf(allocatable);
    }

    /** @param podIps the pod's addresses (for status.podIP), hostIp the node's */
    List<EnvVar> resolve(Pod pod, Container container, List<String> podIps, String hostIp)
            throws ContainerConfigException {
        String ns = pod.getMetadata().getNamespace();
        List<io.fabric8.kubernetes.api.model.Service> visible = services.visibleFrom(ns).orElseThrow(() ->
                new ContainerConfigException("services have not yet been read at least once, cannot construct envvars"));
        Map<String, String> env = new LinkedHashMap<>(ServiceEnvironment.of(ns,
                pod.getSpec() == null ? null : pod.getSpec().getEnableServiceLinks(), visible));
        for (EnvFromSource from : container.getEnvFrom()) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                String name = from.getConfigMapRef().getName();
                Optional<Map<String, String>> data = sources.configMap(ns, name);
                if (data.isEmpty() && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                    throw new ContainerConfigException("configmap \"" + name + "\" not found");
                }
                data.ifPresent(d -> d.forEach((k, v) -> env.put(prefix + k, v)));
            }
            if (from.getSecretRef() != null) {
                String name = from.getSecretRef().getName();
                Optional<Map<String, String>> data = sources.secret(ns, name);
                if (data.isEmpty() && !Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                    throw new ContainerConfigException("secret \"" + name + "\" not found");
                }
                data.ifPresent(d -> d.forEach((k, v) -> env.put(prefix + k, v)));
            }
        }
        for (io.fabric8.kubernetes.api.model.EnvVar e : container.getEnv()) {
            if (e.getValueFrom() == null) {
                env.put(e.getName(), expand(e.getValue() == null ? "" : e.getValue(), env));
                continue;
            }
            Optional<String> value = valueFrom(pod, container, e, podIps, hostIp);
            value.ifPresent(v -> env.put(e.getName(), v));
        }
        List<EnvVar> result = new ArrayList<>(env.size());
        env.forEach((k, v) -> result.add(new EnvVar(k, v)));
        return result;
    }

    private Optional<String> valueFrom(Pod pod, Container container, io.fabric8.kubernetes.api.model.EnvVar e,
                                       List<String> podIps, String hostIp) throws ContainerConfigException {
        String ns = pod.getMetadata().getNamespace();
        var from = e.getValueFrom();
        if (from.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = from.getConfigMapKeyRef();
            return key(sources.configMap(ns, ref.getName()), "configmap", ref.getName(), ref.getKey(),
                    Boolean.TRUE.equals(ref.getOptional()));
        }
        if (from.getSecretKeyRef() != null) {
            SecretKeySelector ref = from.getSecretKeyRef();
            return key(sources.secret(ns, ref.getName()), "secret", ref.getName(), ref.getKey(),
                    Boolean.TRUE.equals(ref.getOptional()));
        }
        if (from.getFieldRef() != null) {
            return Optional.of(field(pod, from.getFieldRef(), podIps, hostIp));
        }
        if (from.getResourceFieldRef() != null) {
            return Optional.of(resource(pod, container, from.getResourceFieldRef(), allocatable));
        }
        return Optional.empty();
    }

    private static Optional<String> key(Optional<Map<String, String>> data, String kind, String name, String key,
                                        boolean optional) throws ContainerConfigException {
        if (data.isEmpty()) {
            if (optional) {
                return Optional.empty();
            }
            throw new ContainerConfigException(kind + " \"" + name + "\" not found");
        }
        String value = data.get().get(key);
        if (value == null && !optional) {
            throw new ContainerConfigException("couldn't find key " + key + " in " + kind + " " + name);
        }
        return Optional.ofNullable(value);
    }

    static String field(Pod pod, ObjectFieldSelector selector, List<String> podIps, String hostIp)
            throws ContainerConfigException {
        String path = selector.getFieldPath();
        var meta = pod.getMetadata();
        switch (path) {
            case "metadata.name": return meta.getName();
            case "metadata.namespace": return meta.getNamespace();
            case "metadata.uid": return meta.getUid();
            case "spec.nodeName": return nullToEmpty(pod.getSpec().getNodeName());
            case "spec.serviceAccountName": return nullToEmpty(pod.getSpec().getServiceAccountName());
            case "status.hostIP", "status.hostIPs": return hostIp;
            case "status.podIP": return podIps.isEmpty() ? "" : podIps.get(0);
            case "status.podIPs": return String.join(",", podIps);
            case "metadata.labels": return flatten(meta.getLabels());
            case "metadata.annotations": return flatten(meta.getAnnotations());
            default:
                Matcher m = ANNOTATION_OR_LABEL.matcher(path);
                if (m.matches()) {
                    Map<String, String> map = "labels".equals(m.group(1)) ? meta.getLabels() : meta.getAnnotations();
                    return map == null ? "" : nullToEmpty(map.get(m.group(2)));
                }
                throw new ContainerConfigException("unsupported fieldRef fieldPath: " + path);
        }
    }

    static String resource(Pod pod, Container self, ResourceFieldSelector selector, Map<String, Quantity> allocatable)
            throws ContainerConfigException {
        Container container = self;
        if (selector.getContainerName() != null && !selector.getContainerName().isEmpty()) {
            container = pod.getSpec().getContainers().stream()
                    .filter(c -> c.getName().equals(selector.getContainerName())).findFirst()
                    .orElseThrow(() -> new ContainerConfigException("resourceFieldRef names an unknown container: "
                            + selector.getContainerName()));
        }
        String resource = selector.getResource();
        var resources = container.getResources();
        Map<String, Quantity> requests = resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> limits = resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
        Quantity value = switch (resource) {
            case "limits.cpu", "limits.memory", "limits.ephemeral-storage" -> limits.get(resource.substring(7));
            case "requests.cpu", "requests.memory", "requests.ephemeral-storage" -> requests.get(resource.substring(9));
            default -> throw new ContainerConfigException("unsupported resourceFieldRef resource: " + resource);
        };
        if (value == null) { // an absent limit is the node's allocatable; an absent request is 0
            value = resource.startsWith("limits.") ? allocatable.getOrDefault(resource.substring(7), new Quantity("0"))
                    : new Quantity("0");
        }
        BigDecimal divisor = selector.getDivisor() == null ? BigDecimal.ONE : selector.getDivisor().getNumericalAmount();
        if (divisor.signum() == 0) {
            divisor = BigDecimal.ONE;
        }
        return value.getNumericalAmount().divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    /**
     * Expands {@code $(NAME)} with the variables defined so far; {@code $$} escapes a {@code $};
     * a reference to an unknown variable stays as written (Kubernetes' rule).
     */
    static String expand(String input, Map<String, String> env) {
        StringBuilder out = new StringBuilder(input.length());
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (c == '$' && i + 1 < input.length()) {
                char next = input.charAt(i + 1);
                if (next == '$') {
                    out.append('$');
                    i += 2;
                    continue;
                }
                if (next == '(') {
                    int close = input.indexOf(')', i + 2);
                    if (close > 0) {
                        String name = input.substring(i + 2, close);
                        String value = env.get(name);
                        out.append(value != null ? value : input, value != null ? 0 : i,
                                value != null ? value.length() : close + 1);
                        i = close + 1;
                        continue;
                    }
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String flatten(Map<String, String> map) {
        if (map == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        map.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append(e.getKey()).append("=\"").append(e.getValue()).append("\"\n"));
        return b.toString().trim();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
