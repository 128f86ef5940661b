package dev.orchestrator.apiserver.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The controls of the Pod Security Standards (latest) on a pod spec, with the reasons and details Kubernetes'
 * Pod Security admission prints. Baseline prevents known privilege escalations (host namespaces, privileged
 * containers, added capabilities, hostPath volumes, host ports, unconfined AppArmor or seccomp, SELinux types,
 * unmasked /proc, unsafe sysctls); restricted adds the hardening controls (volume types, no privilege
 * escalation, non-root, RuntimeDefault seccomp, capabilities dropped). Violations come in the order of the
 * controls' identifiers, as Kubernetes lists them.
 */
final class PodSecurityChecks {

    enum Level { PRIVILEGED, BASELINE, RESTRICTED }

    private static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    private static final Set<String> SELINUX_TYPES = Set.of("", "container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");
    private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
            "ephemeral", "persistentVolumeClaim", "projected", "secret");

    private PodSecurityChecks() {
    }

    /** The violations of {@code level} by a pod spec, each as {@code reason (detail)}; empty when it complies. */
    static List<String> violations(Level level, JsonNode spec) {
        List<String> out = new ArrayList<>();
        if (level == Level.PRIVILEGED) {
            return out;
        }
        boolean restricted = level == Level.RESTRICTED;
        List<JsonNode> containers = containers(spec);
        JsonNode podContext = spec.path("securityContext");
        if (restricted) {
            add(out, "allowPrivilegeEscalation != false", names(containers,
                    c -> !c.path("securityContext").path("allowPrivilegeEscalation").isBoolean()
                            || c.path("securityContext").path("allowPrivilegeEscalation").asBoolean()),
                    n -> n + " must set securityContext.allowPrivilegeEscalation=false");
        }
        appArmor(out, podContext, containers);
        if (restricted) {
            restrictedCapabilities(out, containers);
        } else {
            baselineCapabilities(out, containers);
        }
        List<String> hostNamespaces = new ArrayList<>();
        for (String field : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (spec.path(field).asBoolean(false)) {
                hostNamespaces.add(field + "=true");
            }
        }
        if (!hostNamespaces.isEmpty()) {
            out.add("host namespaces (" + String.join(", ", hostNamespaces) + ")");
        }
        List<String> hostPaths = new ArrayList<>();
        for (JsonNode v : spec.path("volumes")) {
            if (v.has("hostPath")) {
                hostPaths.add(v.path("name").asText());
            }
        }
        if (!hostPaths.isEmpty()) {
            out.add("hostPath volumes (" + plural(hostPaths, "volume", "volumes") + ")");
        }
        hostPorts(out, containers);
        add(out, "privileged", names(containers, c -> c.path("securityContext").path("privileged").asBoolean(false)),
                n -> n + " must not set securityContext.privileged=true");
        List<String> unmasked = names(containers, c -> {
            String mount = c.path("securityContext").path("procMount").asText("Default");
            return !mount.isEmpty() && !"Default".equals(mount);
        });
        add(out, "procMount", unmasked, n -> n + " must not set securityContext.procMount to \"Unmasked\"");
        if (restricted) {
            restrictedVolumes(out, spec);
            runAsNonRoot(out, podContext, containers);
            List<String> rootUsers = new ArrayList<>();
            if (podContext.path("runAsUser").isNumber() && podContext.path("runAsUser").asLong() == 0) {
                rootUsers.add("pod must not set runAsUser=0");
            }
            List<String> rootContainers = names(containers, c -> c.path("securityContext").path("runAsUser").isNumber()
                    && c.path("securityContext").path("runAsUser").asLong() == 0);
            if (!rootContainers.isEmpty()) {
                rootUsers.add(plural(rootContainers, "container", "containers") + " must not set runAsUser=0");
            }
            if (!rootUsers.isEmpty()) {
                out.add("runAsUser=0 (" + String.join("; ", rootUsers) + ")");
            }
        }
        seLinux(out, podContext, containers);
        seccomp(out, restricted, podContext, containers);
        List<String> sysctls = new ArrayList<>();
        for (JsonNode s : podContext.path("sysctls")) {
            if (!SAFE_SYSCTLS.contains(s.path("name").asText())) {
                sysctls.add(s.path("name").asText());
            }
        }
        if (!sysctls.isEmpty()) {
            out.add("forbidden sysctls (" + String.join(", ", sysctls) + ")");
        }
        return out;
    }

    private static List<JsonNode> containers(JsonNode spec) {
        List<JsonNode> all = new ArrayList<>();
        for (String field : List.of("initContainers", "containers", "ephemeralContainers")) {
            spec.path(field).forEach(all::add);
        }
        return all;
    }

    private static List<String> names(List<JsonNode> containers, java.util.function.Predicate<JsonNode> offends) {
        List<String> names = new ArrayList<>();
        for (JsonNode c : containers) {
            if (offends.test(c)) {
                names.add(c.path("name").asText());
            }
        }
        return names;
    }

    private static void add(List<String> out, String reason, List<String> containers, Function<String, String> detail) {
        if (!containers.isEmpty()) {
            out.add(reason + " (" + detail.apply(plural(containers, "container", "containers")) + ")");
        }
    }

    /** {@code container "a"} or {@code containers "a", "b"}. */
    static String plural(List<String> names, String one, String many) {
        return (names.size() == 1 ? one : many) + " " + quoted(names);
    }

    private static String quoted(java.util.Collection<String> names) {
        return String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
    }

    private static void appArmor(List<String> out, JsonNode podContext, List<JsonNode> containers) {
        List<String> bad = new ArrayList<>();
        if ("Unconfined".equals(podContext.path("appArmorProfile").path("type").asText())) {
            bad.add("pod must not set securityContext.appArmorProfile.type to \"Unconfined\"");
        }
        List<String> names = names(containers, c ->
                "Unconfined".equals(c.path("securityContext").path("appArmorProfile").path("type").asText()));
        if (!names.isEmpty()) {
            bad.add(plural(names, "container", "containers")
                    + " must not set securityContext.appArmorProfile.type to \"Unconfined\"");
        }
        if (!bad.isEmpty()) {
            out.add("forbidden AppArmor profile (" + String.join("; ", bad) + ")");
        }
    }

    private static void baselineCapabilities(List<String> out, List<JsonNode> containers) {
        List<String> names = new ArrayList<>();
        Set<String> added = new LinkedHashSet<>();
        for (JsonNode c : containers) {
            boolean offends = false;
            for (JsonNode cap : c.path("securityContext").path("capabilities").path("add")) {
                if (!BASELINE_CAPABILITIES.contains(cap.asText())) {
                    added.add(cap.asText());
                    offends = true;
                }
            }
            if (offends) {
                names.add(c.path("name").asText());
            }
        }
        if (!names.isEmpty()) {
            out.add("non-default capabilities (" + plural(names, "container", "containers") + " must not include "
                    + quoted(added) + " in securityContext.capabilities.add)");
        }
    }

    private static void restrictedCapabilities(List<String> out, List<JsonNode> containers) {
        List<String> noDrop = new ArrayList<>();
        List<String> adding = new ArrayList<>();
        Set<String> added = new LinkedHashSet<>();
        for (JsonNode c : containers) {
            JsonNode capabilities = c.path("securityContext").path("capabilities");
            boolean dropsAll = false;
            for (JsonNode cap : capabilities.path("drop")) {
                dropsAll |= "ALL".equals(cap.asText());
            }
            if (!dropsAll) {
                noDrop.add(c.path("name").asText());
            }
            boolean offends = false;
            for (JsonNode cap : capabilities.path("add")) {
                if (!"NET_BIND_SERVICE".equals(cap.asText())) {
                    added.add(cap.asText());
                    offends = true;
                }
            }
            if (offends) {
                adding.add(c.path("name").asText());
            }
        }
        List<String> details = new ArrayList<>();
        if (!noDrop.isEmpty()) {
            details.add(plural(noDrop, "container", "containers") + " must set securityContext.capabilities.drop=[\"ALL\"]");
        }
        if (!adding.isEmpty()) {
            details.add(plural(adding, "container", "containers") + " must not include " + quoted(added)
                    + " in securityContext.capabilities.add");
        }
        if (!details.isEmpty()) {
            out.add("unrestricted capabilities (" + String.join("; ", details) + ")");
        }
    }

    private static void hostPorts(List<String> out, List<JsonNode> containers) {
        List<String> names = new ArrayList<>();
        Set<String> ports = new LinkedHashSet<>();
        for (JsonNode c : containers) {
            boolean uses = false;
            for (JsonNode p : c.path("ports")) {
                if (p.path("hostPort").asInt(0) != 0) {
                    ports.add(p.path("hostPort").asText());
                    uses = true;
                }
            }
            if (uses) {
                names.add(c.path("name").asText());
            }
        }
        if (!names.isEmpty()) {
            out.add("hostPort (" + plural(names, "container", "containers") + (names.size() == 1 ? " uses " : " use ")
                    + (ports.size() == 1 ? "hostPort " : "hostPorts ") + String.join(", ", ports) + ")");
        }
    }

    private static void restrictedVolumes(List<String> out, JsonNode spec) {
        List<String> names = new ArrayList<>();
        Set<String> types = new LinkedHashSet<>();
        for (JsonNode v : spec.path("volumes")) {
            for (var it = v.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!"name".equals(field) && !RESTRICTED_VOLUMES.contains(field)) {
                    names.add(v.path("name").asText());
                    types.add(field);
                }
            }
        }
        if (!names.isEmpty()) {
            out.add("restricted volume types (" + plural(names, "volume", "volumes") + (names.size() == 1 ? " uses " : " use ")
                    + (types.size() == 1 ? "restricted volume type " : "restricted volume types ") + quoted(types) + ")");
        }
    }

    private static void runAsNonRoot(List<String> out, JsonNode podContext, List<JsonNode> containers) {
        List<String> details = new ArrayList<>();
        JsonNode pod = podContext.path("runAsNonRoot");
        if (pod.isBoolean() && !pod.asBoolean()) {
            details.add("pod must not set securityContext.runAsNonRoot=false");
        }
        List<String> explicitFalse = names(containers, c -> c.path("securityContext").path("runAsNonRoot").isBoolean()
                && !c.path("securityContext").path("runAsNonRoot").asBoolean());
        if (!explicitFalse.isEmpty()) {
            details.add(plural(explicitFalse, "container", "containers") + " must not set securityContext.runAsNonRoot=false");
        }
        boolean podTrue = pod.isBoolean() && pod.asBoolean();
        if (!podTrue) {
            List<String> unset = names(containers, c -> !c.path("securityContext").path("runAsNonRoot").isBoolean());
            if (!unset.isEmpty()) {
                details.add("pod or " + plural(unset, "container", "containers") + " must set securityContext.runAsNonRoot=true");
            }
        }
        if (!details.isEmpty()) {
            out.add("runAsNonRoot != true (" + String.join("; ", details) + ")");
        }
    }

    private static void seLinux(List<String> out, JsonNode podContext, List<JsonNode> containers) {
        List<String> bad = new ArrayList<>();
        BiConsumer<String, JsonNode> check = (who, options) -> {
            List<String> what = new ArrayList<>();
            if (!SELINUX_TYPES.contains(options.path("type").asText(""))) {
                what.add("type \"" + options.path("type").asText() + "\"");
            }
            if (!options.path("user").asText("").isEmpty()) {
                what.add("user \"" + options.path("user").asText() + "\"");
            }
            if (!options.path("role").asText("").isEmpty()) {
                what.add("role \"" + options.path("role").asText() + "\"");
            }
            if (!what.isEmpty()) {
                bad.add(who + " set forbidden securityContext.seLinuxOptions: " + String.join(", ", what));
            }
        };
        check.accept("pod", podContext.path("seLinuxOptions"));
        for (JsonNode c : containers) {
            check.accept("container \"" + c.path("name").asText() + "\"", c.path("securityContext").path("seLinuxOptions"));
        }
        if (!bad.isEmpty()) {
            out.add("seLinuxOptions (" + String.join("; ", bad) + ")");
        }
    }

    private static void seccomp(List<String> out, boolean restricted, JsonNode podContext, List<JsonNode> containers) {
        List<String> details = new ArrayList<>();
        String podType = podContext.path("seccompProfile").path("type").asText("");
        if ("Unconfined".equals(podType)) {
            details.add("pod must not set securityContext.seccompProfile.type to \"Unconfined\"");
        }
        List<String> unconfined = names(containers,
                c -> "Unconfined".equals(c.path("securityContext").path("seccompProfile").path("type").asText()));
        if (!unconfined.isEmpty()) {
            details.add(plural(unconfined, "container", "containers")
                    + " must not set securityContext.seccompProfile.type to \"Unconfined\"");
        }
        boolean podConfined = "RuntimeDefault".equals(podType) || "Localhost".equals(podType);
        if (restricted && !podConfined) {
            List<String> unset = names(containers,
                    c -> c.path("securityContext").path("seccompProfile").path("type").asText("").isEmpty());
            if (!unset.isEmpty()) {
                details.add("pod or " + plural(unset, "container", "containers")
                        + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
            }
        }
        if (!details.isEmpty()) {
            out.add("seccompProfile (" + String.join("; ", details) + ")");
        }
    }
}
