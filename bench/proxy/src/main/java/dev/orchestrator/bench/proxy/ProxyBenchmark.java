package dev.orchestrator.bench.proxy;

import dev.orchestrator.api.proxy.ProxyState;
import dev.orchestrator.api.proxy.ProxyState.Destinations;
import dev.orchestrator.api.proxy.ProxyState.Endpoint;
import dev.orchestrator.api.proxy.ProxyState.PortKey;
import dev.orchestrator.api.proxy.ProxyState.Protocol;
import dev.orchestrator.api.proxy.ProxyState.ServicePort;
import dev.orchestrator.api.proxy.ServiceProxy;
import dev.orchestrator.api.proxy.ServiceProxy.SyncScope;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times the proxies' syncs: for each mode and size, a full sync of N services × 2 endpoints into an empty network
 * namespace, then 20 single endpoint changes on top (partial syncs), then the removal of everything. Arguments:
 * the network namespace to program (made and removed by run.sh), then the service counts.
 */
public final class ProxyBenchmark {

    private static final int CHANGES = 20;

    public static void main(String[] args) throws Exception {
        String netns = args[0];
        int[] sizes = Arrays.stream(args).skip(1).mapToInt(Integer::parseInt).toArray();
        List<String> prefix = List.of("ip", "netns", "exec", netns);
        System.out.printf("%-9s %8s %12s %14s %14s %12s%n", "proxy", "services", "full sync s", "change p50 ms",
                "change max ms", "remove s");
        // -Dbench.modes="iptables nftables" (run.sh's BENCH_MODES): which proxies to time.
        List<String> modes = List.of(System.getProperty("bench.modes", "iptables nftables").trim().split("[\\s,]+"));
        for (int services : sizes) {
            for (String mode : modes) {
                run(mode, Proxies.create(mode, prefix), services);
            }
        }
    }

    private static void run(String mode, Proxies.Benched benched, int services) throws Exception {
        ServiceProxy proxy = benched.proxy();
        ProxyState state = state(services, 0);
        long t0 = System.nanoTime();
        proxy.sync(state, SyncScope.FULL);
        double full = seconds(t0);
        double[] changes = new double[CHANGES];
        for (int i = 0; i < CHANGES; i++) {
            ProxyState changed = state(services, i + 1);
            long t = System.nanoTime();
            proxy.sync(changed, SyncScope.CHANGES);
            changes[i] = seconds(t) * 1000;
        }
        long r = System.nanoTime();
        benched.removal().removeAll();
        double removed = seconds(r);
        Arrays.sort(changes);
        System.out.printf("%-9s %8d %12.3f %14.1f %14.1f %12.3f%n", mode, services, full, changes[CHANGES / 2],
                changes[CHANGES - 1], removed);
    }

    /**
     * {@code count} ClusterIP services 10.96.x.y:80 with two endpoints each on port 8080; {@code generation}
     * moves the second endpoint of the middle service to a new address, as a replaced pod would.
     */
    static ProxyState state(int count, int generation) {
        List<ServicePort> ports = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int second = i == count / 2 && generation > 0 ? 60_000 + generation : 2 * i + 1;
            List<Endpoint> endpoints = List.of(new Endpoint(address(10, 244, 2 * i), 8080, false),
                    new Endpoint(address(10, 244, second), 8080, false));
            Destinations to = new Destinations(endpoints, false);
            ports.add(new ServicePort(new PortKey("bench", "svc-" + i, "http", Protocol.TCP),
                    address(10, 96, i + 1), 80, 0, List.of(), 0, to, to));
        }
        return new ProxyState(ports, List.of("127.0.0.1"), List.of("10.244.0.0/16"));
    }

    private static String address(int a, int b, int n) {
        return a + "." + b + "." + (n / 250) + "." + (n % 250 + 1);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
