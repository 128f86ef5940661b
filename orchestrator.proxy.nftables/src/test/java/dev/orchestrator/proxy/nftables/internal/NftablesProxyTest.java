package dev.orchestrator.proxy.nftables.internal;

import static dev.orchestrator.proxy.nftables.internal.States.ep;
import static dev.orchestrator.proxy.nftables.internal.States.state;
import static dev.orchestrator.proxy.nftables.internal.States.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.orchestrator.api.metrics.Metric;
import dev.orchestrator.api.proxy.ProxySyncException;
import dev.orchestrator.api.proxy.ServiceProxy.SyncScope;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proxy with nft commands that cannot work: what it does before and when nft is unusable. */
class NftablesProxyTest {

    private static NftablesProxy proxyWithNft(String nft) {
        return new NftablesProxy(new NftablesSettings("orch", "ip", List.of(), nft, "conntrack", true, 0x4000,
                Duration.ofSeconds(5)));
    }

    @Test
    void nothingRunsBeforeTheFirstSync() {
        NftablesProxy proxy = proxyWithNft("/nonexistent/nft");
        assertEquals("nftables", proxy.mode());
        assertEquals(0.0, value(proxy, SyncMetrics.FAILURES));
    }

    @Test
    void aSyncThatNftCannotTakeThrowsAndCounts() {
        NftablesProxy proxy = proxyWithNft("/bin/false");
        ProxySyncException refused = assertThrows(ProxySyncException.class, () -> proxy.sync(state(
                tcp("web", "10.96.0.10", 80).endpoints(ep("10.244.1.2", 80)).build()), SyncScope.CHANGES));
        assertTrue(refused.getMessage().contains("refused the full sync of ip orch (exit 1)"), refused.getMessage());
        assertEquals(1.0, value(proxy, SyncMetrics.FAILURES));
        assertThrows(ProxySyncException.class, () -> proxyWithNft("/nonexistent/nft").sync(state(),
                SyncScope.FULL));
    }

    @Test
    void reportsItsMetricsUnderTheProxyNames() {
        List<Metric> metrics = proxyWithNft("/bin/true").metrics().metrics();
        assertEquals(List.of(SyncMetrics.SYNCS, SyncMetrics.FAILURES, SyncMetrics.DURATION, SyncMetrics.ELEMENTS),
                metrics.stream().map(Metric::name).toList());
        assertEquals("nftables", metrics.get(0).samples().get(0).labels().get("mode"));
    }

    @Test
    void nftErrorsSayWhichCommandTheLineBelongsTo() {
        String script = "add table ip orch\nadd element ip orch slot-0 {\n  10.96.0.1 . tcp . 80 : 10.244.1.2 . 80,\n"
                + "  10.96.0.2 . tcp . 80 : 10.244.1.3 . 80\n}\n";
        String explained = NftErrors.explain(script, "/dev/stdin:4:3-22: Error: Could not process rule: File exists");
        assertTrue(explained.endsWith("\nline 4 is in: add element ip orch slot-0 {"), explained);
    }

    private static double value(NftablesProxy proxy, String name) {
        return proxy.metrics().metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow()
                .samples().get(0).value();
    }
}
