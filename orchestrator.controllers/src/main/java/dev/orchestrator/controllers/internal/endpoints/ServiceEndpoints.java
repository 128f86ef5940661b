package dev.orchestrator.controllers.internal.endpoints;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The endpoints of one Service, from the pods its selector matches: one endpoint per pod that has
 * an IP and has not finished, with Kubernetes' conditions — {@code serving} (the pod is ready),
 * {@code terminating} (it is being deleted), {@code ready} (serving and not terminating, or always
 * with {@code publishNotReadyAddresses}). Pods are grouped by the ports the Service's target ports
 * resolve to on them (a named target port is looked up in each pod's containers, so pods of two
 * versions may differ), since one slice has one list of ports.
 */
final class ServiceEndpoints {

    private ServiceEndpoints() {
    }

    /** Endpoints by their port list; both sorted, so that the same pods always give the same slices. */
    static Map<List<EndpointPort>, List<Endpoint>> of(Service service, List<Pod> pods) {
        boolean publishNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        Map<List<EndpointPort>, List<Endpoint>> groups = new TreeMap<>(Comparator.comparing(ServiceEndpoints::portsKey));
        for (Pod pod : pods) {
            String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
            if (ip == null || ip.isEmpty() || finished(pod)) {
                continue;
            }
            boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
            boolean serving = ready(pod);
            Endpoint endpoint = new EndpointBuilder()
                    .withAddresses(ip)
                    .withNewConditions().withReady(publishNotReady || serving && !terminating).withServing(serving)
                        .withTerminating(terminating).endConditions()
                    .withNodeName(pod.getSpec().getNodeName())
                    .withHostname(hostname(service, pod))
                    .withNewTargetRef().withKind("Pod").withName(pod.getMetadata().getName())
                        .withNamespace(pod.getMetadata().getNamespace()).withUid(pod.getMetadata().getUid()).endTargetRef()
                    .build();
            groups.computeIfAbsent(ports(service, pod), k -> new ArrayList<>()).add(endpoint);
        }
        groups.values().forEach(list -> list.sort(Comparator.comparing(e -> e.getTargetRef().getName())));
        return groups;
    }

    /**
     * The DNS name of the pod under a headless Service ({@code <hostname>.<service>.<ns>.svc}): its
     * {@code spec.hostname} when its {@code spec.subdomain} names this Service, as Kubernetes sets it.
     */
    private static String hostname(Service service, Pod pod) {
        String hostname = pod.getSpec().getHostname();
        boolean named = hostname != null && !hostname.isEmpty()
                && service.getMetadata().getName().equals(pod.getSpec().getSubdomain());
        return named ? hostname : null;
    }

    /** The Service's ports as they resolve on this pod; a named target port the pod does not have is left out. */
    static List<EndpointPort> ports(Service service, Pod pod) {
        List<EndpointPort> ports = new ArrayList<>();
        for (ServicePort port : service.getSpec().getPorts()) {
            Integer number = resolve(port, pod);
            if (number != null) {
                ports.add(new EndpointPortBuilder().withName(port.getName() == null ? "" : port.getName()).withPort(number)
                        .withProtocol(port.getProtocol() == null ? "TCP" : port.getProtocol())
                        .withAppProtocol(port.getAppProtocol()).build());
            }
        }
        ports.sort(Comparator.comparing(EndpointPort::getName).thenComparing(EndpointPort::getPort));
        return ports;
    }

    private static Integer resolve(ServicePort port, Pod pod) {
        IntOrString target = port.getTargetPort();
        if (target == null) {
            return port.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        String name = target.getStrVal();
        if (name == null || name.isEmpty()) {
            return port.getPort();
        }
        String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
        return pod.getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream())
                .filter(p -> name.equals(p.getName()) && protocol.equals(p.getProtocol() == null ? "TCP" : p.getProtocol()))
                .map(ContainerPort::getContainerPort).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private static String portsKey(List<EndpointPort> ports) {
        StringBuilder key = new StringBuilder();
        ports.forEach(p -> key.append(p.getName()).append('/').append(p.getProtocol()).append('/').append(p.getPort()).append(';'));
        return key.toString();
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static boolean finished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
