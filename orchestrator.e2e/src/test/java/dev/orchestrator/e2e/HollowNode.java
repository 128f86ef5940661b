package dev.orchestrator.e2e;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration files of one hollow node for an all-in-one's {@code etc/} directory: a hollow
 * runtime (runtime.sim, no processes) and a kubelet on it with quick heartbeats, relists and
 * resyncs, pods in {@code 10.244.<subnet>.0/24}.
 */
final class HollowNode {

    private HollowNode() {
    }

    /**
     * @param kubeletOverrides {@code key=value} lines replacing or adding to the kubelet's defaults
     *     (capacityCpu=8, capacityMemory=16Gi, …)
     */
    static Map<String, String> config(String node, int subnet, String... kubeletOverrides) {
        String cidr = "10.244." + subnet + ".0/24";
        Map<String, String> kubelet = new LinkedHashMap<>();
        kubelet.put("nodeName", node);
        kubelet.put("nodeIP", "10.244." + subnet + ".1");
        kubelet.put("podCIDR", cidr);
        kubelet.put("runtime.target", "(&(orchestrator.runtime.handler=sim)(node=" + node + "))");
        kubelet.put("capacityCpu", "8");
        kubelet.put("capacityMemory", "16Gi");
        kubelet.put("leaseRenewSeconds", "1");
        kubelet.put("statusCheckSeconds", "1");
        kubelet.put("relistMillis", "200");
        kubelet.put("resyncSeconds", "5");
        for (String line : kubeletOverrides) {
            int eq = line.indexOf('=');
            kubelet.put(line.substring(0, eq), line.substring(eq + 1));
        }
        StringBuilder kubeletFile = new StringBuilder();
        kubelet.forEach((k, v) -> kubeletFile.append(k).append('=').append(v).append('\n'));
        return Map.of("orchestrator.runtime.sim-" + node + ".cfg", "podCidr=" + cidr + "\nnode=" + node + "\n",
                "orchestrator.kubelet-" + node + ".cfg", kubeletFile.toString());
    }
}
