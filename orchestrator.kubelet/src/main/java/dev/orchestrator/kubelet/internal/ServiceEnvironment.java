package dev.orchestrator.kubelet.internal;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The variables that tell a container where the Services are, named as Kubernetes names them: for a Service
 * {@code web-api} with cluster IP 10.96.0.7 and port 80/TCP, {@code WEB_API_SERVICE_HOST=10.96.0.7},
 * {@code WEB_API_SERVICE_PORT=80}, {@code WEB_API_SERVICE_PORT_<PORT NAME>} for each named port, and the Docker
 * link variables {@code WEB_API_PORT=tcp://10.96.0.7:80}, {@code WEB_API_PORT_80_TCP(_PROTO|_PORT|_ADDR)}.
 *
 * <p>Which Services: those of the pod's namespace when {@code enableServiceLinks} is true or unset, and always
 * the API server's own ({@code kubernetes} in {@code default}); a Service of the pod's namespace wins over the
 * {@code default} one of the same name. Services without a cluster IP (headless, ExternalName) give none.
 */
final class ServiceEnvironment {

    private static final String MASTER_NAMESPACE = "default";
    private static final String MASTER_SERVICE = "kubernetes";

    private ServiceEnvironment() {
    }

    static Map<String, String> of(String namespace, Boolean enableServiceLinks, List<Service> services) {
        boolean links = enableServiceLinks == null || enableServiceLinks;
        Map<String, Service> byName = new LinkedHashMap<>();
        for (Service s : services) {
            if (!hasClusterIp(s)) {
                continue;
            }
            String ns = s.getMetadata().getNamespace();
            String name = s.getMetadata().getName();
            if (links && namespace.equals(ns)) {
                byName.put(name, s);
            } else if (MASTER_NAMESPACE.equals(ns) && MASTER_SERVICE.equals(name)) {
                byName.putIfAbsent(name, s);
            }
        }
        List<Service> chosen = new ArrayList<>(byName.values());
        chosen.sort(Comparator.comparing(s -> s.getMetadata().getName()));
        Map<String, String> env = new LinkedHashMap<>();
        chosen.forEach(s -> add(s, env));
        return env;
    }

    private static boolean hasClusterIp(Service s) {
        String ip = s.getSpec() == null ? null : s.getSpec().getClusterIP();
        return ip != null && !ip.isEmpty() && !"None".equals(ip);
    }

    private static void add(Service s, Map<String, String> env) {
        String prefix = variableName(s.getMetadata().getName());
        String ip = s.getSpec().getClusterIP();
        List<ServicePort> ports = s.getSpec().getPorts() == null ? List.of() : s.getSpec().getPorts();
        env.put(prefix + "_SERVICE_HOST", ip);
        if (ports.isEmpty()) {
            return;
        }
        env.put(prefix + "_SERVICE_PORT", String.valueOf(ports.get(0).getPort()));
        for (ServicePort p : ports) {
            if (p.getName() != null && !p.getName().isEmpty()) {
                env.put(prefix + "_SERVICE_PORT_" + variableName(p.getName()), String.valueOf(p.getPort()));
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            ServicePort p = ports.get(i);
            String protocol = p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
            String lower = protocol.toLowerCase(Locale.ROOT);
            String url = lower + "://" + hostPort(ip, p.getPort());
            if (i == 0) {
                env.put(prefix + "_PORT", url);
            }
            String portPrefix = prefix + "_PORT_" + p.getPort() + "_" + protocol.toUpperCase(Locale.ROOT);
            env.put(portPrefix, url);
            env.put(portPrefix + "_PROTO", lower);
            env.put(portPrefix + "_PORT", String.valueOf(p.getPort()));
            env.put(portPrefix + "_ADDR", ip);
        }
    }

    private static String variableName(String name) {
        return name.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static String hostPort(String ip, Integer port) {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }
}
