package dev.orchestrator.kubelet.internal;

import java.util.Locale;

/**
 * A usage sample as Prometheus text, under the names Kubernetes' kubelet uses: {@code /metrics/resource}
 * (what metrics-server scrapes) and the CPU, memory, network and file system series of {@code /metrics/cadvisor}
 * ({@link CadvisorStorageNetworkText}).
 */
final class ResourceMetricsText {

    private ResourceMetricsText() {
    }

    /** {@code /metrics/resource}. */
    static String resource(UsageSample sample) {
        StringBuilder out = new StringBuilder();
        long at = sample.node().time().toEpochMilli();
        header(out, "node_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed by the node in core-seconds");
        out.append("node_cpu_usage_seconds_total ").append(seconds(sample.node().cpuCoreNanoSeconds())).append(' ')
                .append(at).append('\n');
        header(out, "node_memory_working_set_bytes", "gauge", "Current working set of the node in bytes");
        out.append("node_memory_working_set_bytes ").append(sample.node().memoryWorkingSetBytes()).append(' ')
                .append(at).append('\n');
        header(out, "pod_cpu_usage_seconds_total", "counter", "Cumulative cpu time consumed by the pod in core-seconds");
        sample.pods().forEach(p -> out.append("pod_cpu_usage_seconds_total").append(podLabels(p)).append(' ')
                .append(seconds(p.total().cpuCoreNanoSeconds())).append(' ')
                .append(p.total().time().toEpochMilli()).append('\n'));
        header(out, "pod_memory_working_set_bytes", "gauge", "Current working set of the pod in bytes");
        sample.pods().forEach(p -> out.append("pod_memory_working_set_bytes").append(podLabels(p)).append(' ')
                .append(p.total().memoryWorkingSetBytes()).append(' ')
                .append(p.total().time().toEpochMilli()).append('\n'));
        containerSeries(out, sample, false);
        return out.toString();
    }

    /** {@code /metrics/cadvisor}. */
    static String cadvisor(UsageSample sample) {
        StringBuilder out = new StringBuilder();
        containerSeries(out, sample, true);
        CadvisorStorageNetworkText.append(out, sample);
        return out.toString();
    }

    private static void containerSeries(StringBuilder out, UsageSample sample, boolean cadvisor) {
        header(out, "container_cpu_usage_seconds_total", "counter",
                "Cumulative cpu time consumed by the container in core-seconds");
        sample.pods().forEach(p -> p.containers().forEach(c -> out.append("container_cpu_usage_seconds_total")
                .append(containerLabels(c, cadvisor)).append(' ').append(seconds(c.usage().cpuCoreNanoSeconds()))
                .append(' ').append(c.usage().time().toEpochMilli()).append('\n')));
        header(out, "container_memory_working_set_bytes", "gauge", "Current working set of the container in bytes");
        sample.pods().forEach(p -> p.containers().forEach(c -> out.append("container_memory_working_set_bytes")
                .append(containerLabels(c, cadvisor)).append(' ').append(c.usage().memoryWorkingSetBytes())
                .append(' ').append(c.usage().time().toEpochMilli()).append('\n')));
    }

    static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String podLabels(UsageSample.PodUsage p) {
        return "{namespace=\"" + escape(p.namespace()) + "\",pod=\"" + escape(p.name()) + "\"}";
    }

    private static String containerLabels(UsageSample.ContainerUsage c, boolean cadvisor) {
        String labels = "container=\"" + escape(c.name()) + "\",namespace=\"" + escape(c.podNamespace())
                + "\",pod=\"" + escape(c.podName()) + "\"";
        if (cadvisor) {
            labels += ",id=\"" + escape(c.id()) + "\",image=\"" + escape(c.image()) + "\"";
        }
        return "{" + labels + "}";
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.9f", nanos / 1e9);
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
