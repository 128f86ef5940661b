package dev.orchestrator.dns.internal;

import static dev.orchestrator.dns.internal.MapServiceCatalog.clusterIp;
import static dev.orchestrator.dns.internal.MapServiceCatalog.port;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DNS benchmark (run by bench/proxy/run.sh): the cluster DNS server on loopback with N Services in a catalog
 * indexed as the informers' is, and C clients that each send one A query at a time for a random Service over
 * UDP, for S seconds after a warm-up. Prints queries/s and latency percentiles; a wrong answer counts as an error.
 * Arguments: services seconds clients.
 */
public final class DnsLoadBench {

    public static void main(String[] args) throws Exception {
        int services = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        IndexedCatalog catalog = new IndexedCatalog();
        for (int i = 0; i < services; i++) {
            catalog.add(clusterIp("bench", "svc-" + i, "10.96." + (i / 250) + "." + (i % 250 + 1),
                    port("http", 80, "TCP", 8080)));
        }
        DnsSettings settings = new DnsSettings(InetAddress.getLoopbackAddress(), 0, DnsSettings.domain("cluster.local"),
                30, List.of(), Duration.ofMillis(500), 2, 16, Duration.ofSeconds(5));
        try (DnsServer server = DnsServer.start(settings, catalog)) {
            run(server.address(), services, 2, clients);
            Result r = run(server.address(), services, seconds, clients);
            long[] l = r.latenciesMicros();
            System.out.printf("%-9s %8d %8d %10d %12.0f %10d %10d %10d %8d%n", "dns", services, clients, l.length,
                    l.length / (double) seconds, l[l.length / 2], l[(int) (l.length * 0.99)], l[l.length - 1],
                    r.errors());
        }
    }

    record Result(long[] latenciesMicros, long errors) {
    }

    private static Result run(InetSocketAddress server, int services, int seconds, int clients) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> client(server, services, end, errors)));
            }
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> f : results) {
                all.add(f.get());
            }
            return new Result(all.stream().flatMapToLong(Arrays::stream).sorted().toArray(), errors.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static long[] client(InetSocketAddress server, int services, long end, AtomicLong errors) {
        long[] latencies = new long[1 << 16];
        int n = 0;
        byte[] buffer = new byte[512];
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(server);
            socket.setSoTimeout(1000);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (System.nanoTime() < end) {
                int i = random.nextInt(services);
                Name name = Name.fromString("svc-" + i + ".bench.svc.cluster.local.");
                byte[] query = Message.newQuery(Record.newRecord(name, Type.A, DClass.IN)).toWire();
                long t0 = System.nanoTime();
                socket.send(new DatagramPacket(query, query.length));
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(reply);
                } catch (java.net.SocketTimeoutException e) {
                    errors.incrementAndGet();
                    continue;
                }
                long micros = (System.nanoTime() - t0) / 1000;
                Message answer = new Message(Arrays.copyOf(reply.getData(), reply.getLength()));
                if (answer.getRcode() != Rcode.NOERROR || answer.getSection(Section.ANSWER).size() != 1) {
                    errors.incrementAndGet();
                }
                if (n == latencies.length) {
                    latencies = Arrays.copyOf(latencies, n * 2);
                }
                latencies[n++] = micros;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return Arrays.copyOf(latencies, n);
    }

    /** Services by namespace and name, as the informers' indexers find them (no scans). */
    private static final class IndexedCatalog implements ServiceCatalog {
        private final Map<String, Service> byName = new HashMap<>();

        void add(Service s) {
            byName.put(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName(), s);
        }

        @Override
        public boolean synced() {
            return true;
        }

        @Override
        public Optional<Service> service(String namespace, String name) {
            return Optional.ofNullable(byName.get(namespace + "/" + name));
        }

        @Override
        public List<EndpointSlice> endpointSlices(String namespace, String service) {
            return List.of();
        }

        @Override
        public boolean hasServices(String namespace) {
            return true;
        }

        @Override
        public List<Service> servicesWithClusterIp(String ip) {
            return List.of();
        }

        @Override
        public List<EndpointSlice> endpointSlicesWithAddress(String ip) {
            return List.of();
        }
    }
}
