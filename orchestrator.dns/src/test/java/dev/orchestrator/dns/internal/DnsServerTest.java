package dev.orchestrator.dns.internal;

import static dev.orchestrator.dns.internal.MapServiceCatalog.endpoint;
import static dev.orchestrator.dns.internal.MapServiceCatalog.headless;
import static dev.orchestrator.dns.internal.MapServiceCatalog.port;
import static dev.orchestrator.dns.internal.MapServiceCatalog.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The server on a loopback port, queried over real UDP and TCP sockets with dnsjava's resolver. */
class DnsServerTest {

    private MapServiceCatalog catalog;
    private DnsServer server;

    @BeforeEach
    void start() throws Exception {
        catalog = ClusterRecordsTest.cluster();
        Endpoint[] many = IntStream.range(0, 100).mapToObj(i -> endpoint("10.244.3." + (i + 1), true, null))
                .toArray(Endpoint[]::new);
        catalog.add(headless("shop", "many", false, port("http", 80, "TCP", 80)))
                .add(slice("shop", "many", "http", 80, many));
        server = DnsServer.start(settings("cluster.local", List.of()), catalog);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static DnsSettings settings(String domain, List<InetSocketAddress> upstreams) throws Exception {
        return new DnsSettings(InetAddress.getLoopbackAddress(), 0, DnsSettings.domain(domain), 30, upstreams,
                Duration.ofMillis(500), 2, 4, Duration.ofSeconds(5));
    }

    private static Message ask(DnsServer to, String name, int type, boolean tcp) throws Exception {
        SimpleResolver resolver = new SimpleResolver(to.address());
        resolver.setTCP(tcp);
        resolver.setTimeout(Duration.ofSeconds(3));
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    private Message ask(String name, int type, boolean tcp) throws Exception {
        return ask(server, name, type, tcp);
    }

    private static List<String> section(Message m, int section) {
        return m.getSection(section).stream().map(r -> Type.string(r.getType()) + " " + r.rdataToString()).sorted().toList();
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void answersServicesHeadlessServicesSrvAndPods(boolean tcp) throws Exception {
        Message a = ask("web.shop.svc.cluster.local.", Type.A, tcp);
        assertEquals(Rcode.NOERROR, a.getRcode());
        assertTrue(a.getHeader().getFlag(Flags.AA), "authoritative");
        assertEquals(List.of("A 10.96.0.20"), section(a, Section.ANSWER));

        assertEquals(List.of("A 10.244.0.5", "A 10.244.0.6"), section(ask("db.shop.svc.cluster.local.", Type.A, tcp), Section.ANSWER));

        Message srv = ask("_pg._tcp.db.shop.svc.cluster.local.", Type.SRV, tcp);
        assertEquals(List.of("SRV 0 100 15432 10-244-0-6.db.shop.svc.cluster.local.",
                "SRV 0 100 15432 db-0.db.shop.svc.cluster.local."), section(srv, Section.ANSWER));
        assertEquals(List.of("A 10.244.0.5", "A 10.244.0.6"), section(srv, Section.ADDITIONAL).stream()
                .filter(s -> s.startsWith("A ")).toList());

        assertEquals(List.of("A 10.244.2.7"), section(ask("10-244-2-7.shop.pod.cluster.local.", Type.A, tcp), Section.ANSWER));
        assertEquals(List.of("PTR web.shop.svc.cluster.local."),
                section(ask("20.0.96.10.in-addr.arpa.", Type.PTR, tcp), Section.ANSWER));
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void negativeAnswersCarryTheSoa(boolean tcp) throws Exception {
        Message nx = ask("nope.shop.svc.cluster.local.", Type.A, tcp);
        assertEquals(Rcode.NXDOMAIN, nx.getRcode());
        assertEquals(List.of(), section(nx, Section.ANSWER));
        assertEquals("cluster.local.", nx.getSection(Section.AUTHORITY).get(0).getName().toString());
        assertEquals(Type.SOA, nx.getSection(Section.AUTHORITY).get(0).getType());

        Message nodata = ask("web.shop.svc.cluster.local.", Type.AAAA, tcp);
        assertEquals(Rcode.NOERROR, nodata.getRcode());
        assertEquals(List.of(), section(nodata, Section.ANSWER));
        assertEquals(Type.SOA, nodata.getSection(Section.AUTHORITY).get(0).getType());
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void namesOutsideTheClusterAreRefusedWithoutUpstreams(boolean tcp) throws Exception {
        Message refused = ask("example.com.", Type.A, tcp);
        assertEquals(Rcode.REFUSED, refused.getRcode());
        assertFalse(refused.getHeader().getFlag(Flags.RA), "no recursion offered");
    }

    @Test
    void aMalformedUdpQueryGetsFormerrAndTheListenerKeepsAnswering() throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(3000);
            // a header announcing one question, followed by a truncated name
            byte[] junk = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 'e', 'x'};
            socket.send(new DatagramPacket(junk, junk.length, server.address()));
            DatagramPacket reply = new DatagramPacket(new byte[512], 512);
            socket.receive(reply);
            Message m = new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
            assertEquals(0x1234, m.getHeader().getID());
            assertEquals(Rcode.FORMERR, m.getRcode());
            assertTrue(m.getHeader().getFlag(Flags.QR));
            // and bytes too short for a header get no answer at all, but break nothing
            socket.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, server.address()));
        }
        assertEquals(List.of("A 10.96.0.20"), section(ask("web.shop.svc.cluster.local.", Type.A, false), Section.ANSWER));
    }

    @Test
    void aMalformedTcpQueryGetsFormerr() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(server.address(), 3000);
            socket.setSoTimeout(3000);
            byte[] junk = {0x43, 0x21, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, (byte) 0xc0, 0x0c};
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(junk.length);
            out.write(junk);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            Message m = new Message(answer);
            assertEquals(0x4321, m.getHeader().getID());
            assertEquals(Rcode.FORMERR, m.getRcode());
        }
        assertEquals(List.of("A 10.96.0.20"), section(ask("web.shop.svc.cluster.local.", Type.A, true), Section.ANSWER));
    }

    @Test
    void aLargeUdpAnswerIsTruncatedAndComesWholeOverTcp() throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString("many.shop.svc.cluster.local."), Type.A, DClass.IN));
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(3000);
            byte[] wire = query.toWire(); // no EDNS: the client takes 512 bytes
            socket.send(new DatagramPacket(wire, wire.length, server.address()));
            DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
            socket.receive(reply);
            assertTrue(reply.getLength() <= 512, "at most 512 bytes: " + reply.getLength());
            Message m = new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
            assertTrue(m.getHeader().getFlag(Flags.TC), "truncated");
            assertTrue(m.getSection(Section.ANSWER).size() < 100);
        }
        assertEquals(100, ask("many.shop.svc.cluster.local.", Type.A, true).getSection(Section.ANSWER).size());
        // dnsjava's resolver itself retries over TCP when it sees TC
        assertEquals(100, ask("many.shop.svc.cluster.local.", Type.A, false).getSection(Section.ANSWER).size());
    }

    @Test
    void clusterNamesFailUntilTheCachesAreSynced() throws Exception {
        catalog.synced = false;
        assertEquals(Rcode.SERVFAIL, ask("web.shop.svc.cluster.local.", Type.A, false).getRcode());
        catalog.synced = true;
        assertEquals(Rcode.NOERROR, ask("web.shop.svc.cluster.local.", Type.A, false).getRcode());
    }

    @ParameterizedTest(name = "tcp={0}")
    @ValueSource(booleans = {false, true})
    void otherNamesGoToTheUpstreamsWhenConfigured(boolean tcp) throws Exception {
        // the upstream is a second server, authoritative for another domain, on another loopback port
        MapServiceCatalog other = new MapServiceCatalog().add(MapServiceCatalog.clusterIp("ns", "svc", "10.96.9.9"));
        try (DnsServer upstream = DnsServer.start(settings("other.test", List.of()), other);
             DnsServer forwarding = DnsServer.start(settings("cluster.local", List.of(upstream.address())), catalog)) {
            Message m = ask(forwarding, "svc.ns.svc.other.test.", Type.A, tcp);
            assertEquals(Rcode.NOERROR, m.getRcode());
            assertEquals(List.of("A 10.96.9.9"), section(m, Section.ANSWER));
            // cluster names are still answered here, never forwarded
            assertEquals(Rcode.NXDOMAIN, ask(forwarding, "svc.ns.svc.cluster.local.", Type.A, tcp).getRcode());
            assertTrue(ask(forwarding, "web.shop.svc.cluster.local.", Type.A, tcp).getHeader().getFlag(Flags.RA));
        }
    }

    @Test
    void anUpstreamThatNeverAnswersGivesServfail() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DnsServer forwarding = DnsServer.start(settings("cluster.local",
                     List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()))), catalog)) {
            assertEquals(Rcode.SERVFAIL, ask(forwarding, "example.com.", Type.A, false).getRcode());
        }
    }

    @Test
    void closingEndsEveryThreadOfTheServer() throws Exception {
        ask("web.shop.svc.cluster.local.", Type.A, true);
        server.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (dnsThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, dnsThreads(), "threads left: " + Thread.getAllStackTraces().keySet());
    }

    private static long dnsThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("orchestrator-dns")).count();
    }
}
