package dev.orchestrator.kubelet.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KubeletAccessTest {

    @Test
    void pathsStandForTheSubresourcesKubernetesNames() {
        assertEquals("stats", KubeletAccess.subresourceOf("/stats/summary"));
        assertEquals("metrics", KubeletAccess.subresourceOf("/metrics/cadvisor"));
        assertEquals("metrics", KubeletAccess.subresourceOf("/metrics"));
        assertEquals("healthz", KubeletAccess.subresourceOf("/healthz"));
        assertEquals("log", KubeletAccess.subresourceOf("/logs/syslog"));
        assertEquals("spec", KubeletAccess.subresourceOf("/spec/"));
        assertEquals("proxy", KubeletAccess.subresourceOf("/containerLogs/default/web/main"));
        assertEquals("proxy", KubeletAccess.subresourceOf("/exec/default/web/main"));
        assertEquals("proxy", KubeletAccess.subresourceOf("/portForward/default/web"));
        assertEquals("proxy", KubeletAccess.subresourceOf("/"));
    }

    @Test
    void methodsStandForVerbs() {
        assertEquals("get", KubeletAccess.verbOf("GET"));
        assertEquals("get", KubeletAccess.verbOf("HEAD"));
        assertEquals("create", KubeletAccess.verbOf("POST"));
        assertEquals("update", KubeletAccess.verbOf("PUT"));
        assertEquals("patch", KubeletAccess.verbOf("PATCH"));
        assertEquals("delete", KubeletAccess.verbOf("DELETE"));
    }
}
