package dev.orchestrator.apiserver.internal.metrics;

import java.util.ArrayList;
import java.util.List;

/** Summary API documents in the shape the kubelet writes ({@code stats/v1alpha1}), for the tests. */
public final class Summaries {

    public static final String T0 = "2026-12-02T10:00:00.123456789Z";
    public static final String T1 = "2026-12-02T10:00:01.5Z";

    private final String nodeName;
    private String node = "";
    private final List<String> pods = new ArrayList<>();

    private Summaries(String nodeName) {
        this.nodeName = nodeName;
    }

    public static Summaries of(String nodeName) {
        return new Summaries(nodeName);
    }

    /** The node's usage (a negative rate: none yet, as on the kubelet's first sample). */
    public Summaries node(long nanoCores, long bytes) {
        node = ",\"cpu\":" + cpu(T0, nanoCores) + ",\"memory\":" + memory(T0, bytes);
        return this;
    }

    /** A pod with containers given as {@code name, nanoCores, bytes, time} (a negative rate: none yet). */
    public Summaries pod(String namespace, String name, String uid, Object... containers) {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < containers.length; i += 4) {
            if (i > 0) {
                list.append(',');
            }
            String time = (String) containers[i + 3];
            list.append("{\"name\":\"").append(containers[i]).append("\",\"startTime\":\"2026-12-02T09:00:00Z\",")
                    .append("\"cpu\":").append(cpu(time, ((Number) containers[i + 1]).longValue()))
                    .append(",\"memory\":").append(memory(time, ((Number) containers[i + 2]).longValue())).append('}');
        }
        pods.add("{\"podRef\":{\"name\":\"" + name + "\",\"namespace\":\"" + namespace + "\",\"uid\":\"" + uid
                + "\"},\"startTime\":\"2026-12-02T09:00:00Z\",\"containers\":[" + list
                + "],\"cpu\":{\"time\":\"" + T0 + "\",\"usageCoreNanoSeconds\":1},\"memory\":{\"time\":\"" + T0
                + "\",\"workingSetBytes\":1}}");
        return this;
    }

    public String json() {
        return "{\"node\":{\"nodeName\":\"" + nodeName + "\",\"startTime\":\"2026-12-02T09:00:00Z\"" + node
                + "},\"pods\":[" + String.join(",", pods) + "]}";
    }

    private static String cpu(String time, long nanoCores) {
        return "{\"time\":\"" + time + "\"" + (nanoCores >= 0 ? ",\"usageNanoCores\":" + nanoCores : "")
                + ",\"usageCoreNanoSeconds\":123456}";
    }

    private static String memory(String time, long bytes) {
        return "{\"time\":\"" + time + "\",\"workingSetBytes\":" + bytes + "}";
    }
}
