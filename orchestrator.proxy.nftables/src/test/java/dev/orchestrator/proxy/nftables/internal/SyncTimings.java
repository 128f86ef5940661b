package dev.orchestrator.proxy.nftables.internal;

import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxyState.Destinations;
import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import dev.orchestrator.api.proxy.ServiceProxy.SyncScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Not a test: measures syncs in a scratch namespace and prints the times (tests never assert
 * speed). Run as root with the test classpath:
 * {@code java -cp <classes>:<test-classes>:<api> dev.orchestrator.proxy.nftables.internal.SyncTimings}.
 */
public final class SyncTimings {

    private SyncTimings() {
    }

    public static void main(String[] args) throws Exception {
        String ns = "orchtest-nft-timings-" + ProcessHandle.current().pid();
        ScratchNetwork.run(List.of("ip", "netns", "add", ns));
        try {
            NftablesProxy proxy = new NftablesProxy(NftablesSettings.defaults()
                    .withCommandPrefix(List.of("ip", "netns", "exec", ns)));
            for (int count : new int[] {1_000, 10_000, 1_000, 10_000, 10_000}) {
                List<ServicePort> ports = ManyServices.ports(count);
                long t0 = System.nanoTime();
                proxy.sync(state(ports), SyncScope.FULL);
                System.out.printf("full sync of %,d services x 2 endpoints: %d ms%n", count, millis(t0));
            }
            for (boolean fresh : new boolean[] {false, true}) {
                long[] changes = changes(proxy, fresh);
                System.out.printf("one endpoint change on top of 10,000 services (%s): median %d ms, max %d ms "
                        + "(%d syncs)%n", fresh ? "every port a new object" : "unchanged ports the same objects",
                        changes[changes.length / 2] / 1_000_000, changes[changes.length - 1] / 1_000_000,
                        changes.length);
            }
            proxy.removeAll();
        } finally {
            ScratchNetwork.run(List.of("ip", "netns", "delete", ns));
        }
    }

    /** 30 syncs, each moving one endpoint of another service; sorted durations in nanoseconds. */
    private static long[] changes(NftablesProxy proxy, boolean fresh) throws Exception {
        List<ServicePort> ports = new ArrayList<>(ManyServices.ports(10_000));
        proxy.sync(state(ports), SyncScope.CHANGES);
        long[] changes = new long[30];
        for (int i = 0; i < changes.length; i++) {
            if (fresh) {
                ports = new ArrayList<>(ManyServices.ports(10_000));
            }
            ServicePort old = ports.get(i * 97);
            Endpoint moved = new Endpoint("10.246.0." + (i + 1), 8080, false);
            Destinations destinations = new Destinations(List.of(old.internal().endpoints().get(0), moved), false);
            ports.set(i * 97, new ServicePort(old.key(), old.clusterIp(), old.port(), 0, List.of(), 0,
                    destinations, destinations));
            long t0 = System.nanoTime();
            proxy.sync(state(ports), SyncScope.CHANGES);
            changes[i] = System.nanoTime() - t0;
        }
        Arrays.sort(changes);
        return changes;
    }

    private static ProxyState state(List<ServicePort> ports) {
        return new ProxyState(ports, List.of("192.168.77.1", "127.0.0.1"), List.of("10.244.0.0/16"));
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
