package dev.orchestrator.kubelet.internal;

import io.fabric8.kubernetes.api.model.Quantity;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The kubelet's configuration resolved once at activation: defaults filled in from the machine,
 * quantities parsed, so that a bad value fails activation with a message instead of failing later.
 */
record NodeSettings(String nodeName, String nodeIp, String podCidr, String cgroupParent, Path podLogsDir,
                    String runtimeTarget, int maxPods, Quantity reservedCpu, Quantity reservedMemory,
                    Quantity capacityCpu, Quantity capacityMemory, Map<String, String> labels,
                    long leaseRenewMillis, int leaseDurationSeconds, long statusCheckMillis, long statusReportMillis,
                    long relistMillis, long resyncMillis, MachineInfo machine, Path volumesDir, boolean tmpfsVolumes,
                    PodDnsSettings dns) {

    static NodeSettings of(KubeletConfig c, Path dataDir) {
        Path logs = c.podLogsDir().isBlank() ? dataDir.resolve("node").resolve("pods") : Path.of(c.podLogsDir());
        MachineInfo machine = MachineInfo.read(logs.getParent() == null ? logs : logs.getParent());
        String name = c.nodeName().isBlank() ? hostName() : c.nodeName().trim().toLowerCase(Locale.ROOT);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/hostname", name);
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", machine.architecture());
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("beta.kubernetes.io/arch", machine.architecture());
        for (String pair : c.nodeLabels()) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("nodeLabels entries must look like key=value, not '" + pair + "'");
            }
            labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return new NodeSettings(name, c.nodeIP().isBlank() ? "127.0.0.1" : c.nodeIP().trim(), c.podCIDR().trim(),
                c.cgroupParent().trim(), logs, c.runtime_target(), positive("maxPods", c.maxPods()),
                quantity("reservedCpu", c.reservedCpu()), quantity("reservedMemory", c.reservedMemory()),
                c.capacityCpu().isBlank() ? new Quantity(Integer.toString(machine.cpus())) : quantity("capacityCpu", c.capacityCpu()),
                c.capacityMemory().isBlank() ? new Quantity(Long.toString(machine.memoryBytes()))
                        : quantity("capacityMemory", c.capacityMemory()),
                Map.copyOf(labels), positive("leaseRenewSeconds", c.leaseRenewSeconds()) * 1000L,
                positive("leaseDurationSeconds", c.leaseDurationSeconds()),
                positive("statusCheckSeconds", c.statusCheckSeconds()) * 1000L,
                positive("statusReportSeconds", c.statusReportSeconds()) * 1000L,
                positive("relistMillis", c.relistMillis()), positive("resyncSeconds", c.resyncSeconds()) * 1000L, machine,
                c.volumesDir().isBlank() ? dataDir.resolve("node").resolve("volumes").resolve(name) : Path.of(c.volumesDir()),
                c.tmpfsVolumes(), PodDnsSettings.of(c.clusterDNS(), c.clusterDomain(), c.resolvConf()));
    }

    static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return value;
    }

    static Quantity quantity(String name, String value) {
        try {
            Quantity q = new Quantity(value.trim());
            q.getNumericalAmount();
            return q;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " is not a quantity: '" + value + "'", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
