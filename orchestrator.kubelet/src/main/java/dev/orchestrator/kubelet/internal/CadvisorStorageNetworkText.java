package dev.orchestrator.kubelet.internal;

import static dev.orchestrator.kubelet.internal.ResourceMetricsText.escape;
import static dev.orchestrator.kubelet.internal.ResourceMetricsText.header;

import dev.orchestrator.kubelet.internal.stats.FsUsage;
import dev.orchestrator.kubelet.internal.stats.InterfaceStats;
import dev.orchestrator.kubelet.internal.stats.NetworkUsage;
import dev.orchestrator.kubelet.internal.stats.PodNetworks;
import dev.orchestrator.kubelet.internal.stats.PodStorage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The network and file system series of {@code /metrics/cadvisor}, named and labelled as cAdvisor does: the
 * node's interfaces and file system under {@code id="/"} with empty pod labels; a pod's interfaces under its
 * sandbox ({@code container="POD"}, as dockershim and CRI-O label the pause container; {@code id} is the sandbox
 * id). A container's {@code container_fs_usage_bytes} counts its log files: cAdvisor adds the writable layer,
 * which the runtime SPI does not report.
 */
final class CadvisorStorageNetworkText {

    private CadvisorStorageNetworkText() {
    }

    /** One series' labels and the interface it counts. */
    private record Interface(String labels, InterfaceStats counters, long at) {
    }

    static void append(StringBuilder out, UsageSample sample) {
        StorageNetworkSample more = sample.storageNetwork();
        List<Interface> interfaces = new ArrayList<>();
        more.nodeNetwork().ifPresent(n -> add(interfaces, "", "", "", "/", n));
        for (UsageSample.PodUsage p : sample.pods()) {
            PodNetworks.PodNetwork n = more.podNetworks().get(p.uid());
            if (n != null) {
                add(interfaces, "POD", p.namespace(), p.name(), n.sandboxId(), n.usage());
            }
        }
        network(out, interfaces, "container_network_receive_bytes_total", "Cumulative count of bytes received",
                InterfaceStats::rxBytes);
        network(out, interfaces, "container_network_receive_errors_total",
                "Cumulative count of errors encountered while receiving", InterfaceStats::rxErrors);
        network(out, interfaces, "container_network_transmit_bytes_total", "Cumulative count of bytes transmitted",
                InterfaceStats::txBytes);
        network(out, interfaces, "container_network_transmit_errors_total",
                "Cumulative count of errors encountered while transmitting", InterfaceStats::txErrors);
        filesystems(out, sample, more);
    }

    private static void add(List<Interface> interfaces, String container, String namespace, String pod, String id,
                            NetworkUsage usage) {
        for (InterfaceStats i : usage.interfaces()) {
            interfaces.add(new Interface(labels(container, namespace, pod, id) + ",interface=\"" + escape(i.name())
                    + "\"", i, usage.time().toEpochMilli()));
        }
    }

    private static void network(StringBuilder out, List<Interface> interfaces, String name, String help,
                                ToLongFunction<InterfaceStats> value) {
        if (interfaces.isEmpty()) {
            return;
        }
        header(out, name, "counter", help);
        for (Interface i : interfaces) {
            out.append(name).append('{').append(i.labels()).append("} ").append(value.applyAsLong(i.counters()))
                    .append(' ').append(i.at()).append('\n');
        }
    }

    private static void filesystems(StringBuilder out, UsageSample sample, StorageNetworkSample more) {
        String device = ",device=\"" + escape(more.nodeFsDevice()) + "\"";
        StringBuilder usage = new StringBuilder();
        more.nodeFs().ifPresent(fs -> line(usage, "container_fs_usage_bytes", labels("", "", "", "/") + device,
                fs.usedBytes(), fs));
        for (UsageSample.PodUsage p : sample.pods()) {
            PodStorage storage = more.podStorage().get(p.uid());
            if (storage == null) {
                continue;
            }
            for (UsageSample.ContainerUsage c : p.containers()) {
                FsUsage logs = storage.logs().get(c.name());
                if (logs != null) {
                    line(usage, "container_fs_usage_bytes",
                            labels(c.name(), p.namespace(), p.name(), c.id(), c.image()) + device, logs.usedBytes(),
                            logs);
                }
            }
        }
        if (!usage.isEmpty()) {
            header(out, "container_fs_usage_bytes", "gauge",
                    "Number of bytes that are consumed by the container on this filesystem.");
            out.append(usage);
        }
        more.nodeFs().flatMap(FsUsage::filesystem).ifPresent(fs -> {
            String labels = labels("", "", "", "/") + device;
            long at = more.nodeFs().get().time().toEpochMilli();
            header(out, "container_fs_limit_bytes", "gauge",
                    "Number of bytes that can be consumed by the container on this filesystem.");
            out.append("container_fs_limit_bytes{").append(labels).append("} ").append(fs.capacityBytes())
                    .append(' ').append(at).append('\n');
            header(out, "container_fs_inodes_free", "gauge", "Number of available Inodes");
            out.append("container_fs_inodes_free{").append(labels).append("} ").append(fs.inodesFree())
                    .append(' ').append(at).append('\n');
            header(out, "container_fs_inodes_total", "gauge", "Number of Inodes");
            out.append("container_fs_inodes_total{").append(labels).append("} ").append(fs.inodes())
                    .append(' ').append(at).append('\n');
        });
    }

    private static void line(StringBuilder out, String name, String labels, long value, FsUsage at) {
        out.append(name).append('{').append(labels).append("} ").append(value).append(' ')
                .append(at.time().toEpochMilli()).append('\n');
    }

    /** The labels every cAdvisor series of this kubelet has, in the order of its CPU and memory series. */
    private static String labels(String container, String namespace, String pod, String id) {
        return labels(container, namespace, pod, id, "");
    }

    private static String labels(String container, String namespace, String pod, String id, String image) {
        return "container=\"" + escape(container) + "\",namespace=\"" + escape(namespace) + "\",pod=\""
                + escape(pod) + "\",id=\"" + escape(id) + "\",image=\"" + escape(image) + "\"";
    }
}
