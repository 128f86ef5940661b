package dev.orchestrator.dns.internal;

import static dev.orchestrator.dns.internal.MapServiceCatalog.clusterIp;
import static dev.orchestrator.dns.internal.MapServiceCatalog.endpoint;
import static dev.orchestrator.dns.internal.MapServiceCatalog.externalName;
import static dev.orchestrator.dns.internal.MapServiceCatalog.headless;
import static dev.orchestrator.dns.internal.MapServiceCatalog.port;
import static dev.orchestrator.dns.internal.MapServiceCatalog.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

class ClusterRecordsTest {

    /** A small cluster: a normal Service, headless ones (with hostnames, unready endpoints), an ExternalName. */
    static MapServiceCatalog cluster() throws Exception {
        return new MapServiceCatalog()
                .add(clusterIp("default", "kubernetes", "10.96.0.1", port("https", 443, "TCP", 6443)))
                .add(clusterIp("shop", "web", "10.96.0.20", port("http", 80, "TCP", 8080), port("metrics", 9090, "UDP", 9090),
                        port(null, 81, "TCP", 81)))
                .add(headless("shop", "db", false, port("pg", 5432, "TCP", 5432)))
                .add(slice("shop", "db", "pg", 15432, endpoint("10.244.0.5", true, "db-0"),
                        endpoint("10.244.0.6", null, null), endpoint("10.244.0.7", false, "db-2")))
                .add(headless("shop", "peers", true, port("gossip", 7946, "TCP", 7946)))
                .add(slice("shop", "peers", "gossip", 7946, endpoint("10.244.0.8", false, "peer-0")))
                .add(headless("shop", "empty", false, port("x", 1, "TCP", 1)))
                .add(externalName("shop", "ext", "www.example.com"));
    }

    private final ClusterRecords records;

    ClusterRecordsTest() throws Exception {
        records = new ClusterRecords(cluster(), Name.fromString("cluster.local."), 30,
                InetAddress.getByName("10.244.0.1"), 42);
    }

    private Answer lookup(String name, int type) throws Exception {
        return records.lookup(Name.fromString(name), type).orElseThrow(() -> new AssertionError("not the cluster's: " + name));
    }

    private static List<String> rdata(List<Record> records) {
        return records.stream().map(r -> Type.string(r.getType()) + " " + r.rdataToString()).sorted().toList();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "kubernetes.default.svc.cluster.local.|A|A 10.96.0.1",
            "WEB.Shop.SVC.Cluster.Local.|A|A 10.96.0.20",
            "db.shop.svc.cluster.local.|A|A 10.244.0.5;A 10.244.0.6",
            "peers.shop.svc.cluster.local.|A|A 10.244.0.8",
            "db-0.db.shop.svc.cluster.local.|A|A 10.244.0.5",
            "10-244-0-6.db.shop.svc.cluster.local.|A|A 10.244.0.6",
            "ext.shop.svc.cluster.local.|A|CNAME www.example.com.",
            "ext.shop.svc.cluster.local.|AAAA|CNAME www.example.com.",
            "10-244-1-9.shop.pod.cluster.local.|A|A 10.244.1.9",
            "20.0.96.10.in-addr.arpa.|PTR|PTR web.shop.svc.cluster.local.",
            "5.0.244.10.in-addr.arpa.|PTR|PTR db-0.db.shop.svc.cluster.local.",
            "6.0.244.10.in-addr.arpa.|PTR|PTR 10-244-0-6.db.shop.svc.cluster.local.",
            "dns-version.cluster.local.|TXT|TXT \"1.1.0\"",
            "ns.dns.cluster.local.|A|A 10.244.0.1",
            "cluster.local.|NS|NS ns.dns.cluster.local.",
    })
    void answers(String name, String type, String expected) throws Exception {
        Answer a = lookup(name, Type.value(type));
        assertEquals(Rcode.NOERROR, a.rcode());
        assertEquals(List.of(expected.split(";")), rdata(a.answers()));
        assertTrue(a.answers().stream().allMatch(r -> r.getTTL() == 30), "every record has the configured TTL");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "nope.shop.svc.cluster.local.|A",
            "empty.shop.svc.cluster.local.|A", // headless without ready endpoints: the specification's NXDOMAIN
            "db-2.db.shop.svc.cluster.local.|A", // not ready
            "web-0.web.shop.svc.cluster.local.|A", // endpoint names exist for headless Services only
            "nons.svc.cluster.local.|A",
            "10-244-0-999.shop.pod.cluster.local.|A",
            "_nope._tcp.web.shop.svc.cluster.local.|SRV",
            "_http._udp.web.shop.svc.cluster.local.|SRV",
            "a.b.c.d.e.svc.cluster.local.|A",
            "anything.cluster.local.|A",
    })
    void unknownNamesAreNxdomain(String name, String type) throws Exception {
        Answer a = lookup(name, Type.value(type));
        assertEquals(Rcode.NXDOMAIN, a.rcode());
        assertTrue(a.answers().isEmpty());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "web.shop.svc.cluster.local.|AAAA",
            "web.shop.svc.cluster.local.|TXT",
            "db.shop.svc.cluster.local.|AAAA",
            "shop.svc.cluster.local.|A",
            "svc.cluster.local.|A",
            "cluster.local.|A",
            "20.0.96.10.in-addr.arpa.|A",
    })
    void knownNamesOfAnotherTypeAreNodata(String name, String type) throws Exception {
        Answer a = lookup(name, Type.value(type));
        assertEquals(Rcode.NOERROR, a.rcode());
        assertTrue(a.negative(), "no records: " + a.answers());
    }

    @Test
    void srvOfAServiceWithAClusterIpPointsAtTheServiceWithItsAddressAdditional() throws Exception {
        Answer a = lookup("_http._tcp.web.shop.svc.cluster.local.", Type.SRV);
        assertEquals(List.of("SRV 0 100 80 web.shop.svc.cluster.local."), rdata(a.answers()));
        assertEquals(List.of("A 10.96.0.20"), rdata(a.additionals()));
        assertEquals("web.shop.svc.cluster.local.", a.additionals().get(0).getName().toString());
        assertEquals(List.of("SRV 0 100 9090 web.shop.svc.cluster.local."),
                rdata(lookup("_metrics._udp.web.shop.svc.cluster.local.", Type.SRV).answers()));
    }

    @Test
    void srvOfAHeadlessServiceNamesEachReadyEndpointWithItsOwnPort() throws Exception {
        Answer a = lookup("_pg._tcp.db.shop.svc.cluster.local.", Type.SRV);
        assertEquals(List.of("SRV 0 100 15432 10-244-0-6.db.shop.svc.cluster.local.",
                "SRV 0 100 15432 db-0.db.shop.svc.cluster.local."), rdata(a.answers()));
        assertEquals(List.of("A 10.244.0.5", "A 10.244.0.6"), rdata(a.additionals()));
    }

    @Test
    void srvAdditionalsComeOnlyWithSrvAnswers() throws Exception {
        assertTrue(lookup("_http._tcp.web.shop.svc.cluster.local.", Type.A).additionals().isEmpty());
    }

    @Test
    void namesOutsideTheClusterAreNotAnsweredHere() throws Exception {
        assertEquals(Optional.empty(), records.lookup(Name.fromString("example.com."), Type.A));
        assertEquals(Optional.empty(), records.lookup(Name.fromString("1.1.168.192.in-addr.arpa."), Type.PTR));
        assertEquals(Optional.empty(), records.lookup(Name.fromString("cluster.local.example.com."), Type.A));
    }

    @Test
    void theSoaNamesTheZoneAndItsNegativeTtl() {
        assertEquals("cluster.local.", records.soa().getName().toString());
        assertEquals(30, records.soa().getMinimum());
        assertEquals("ns.dns.cluster.local.", records.soa().getHost().toString());
    }

    @Test
    void anyAnswersEveryRecordOfTheName() throws Exception {
        assertEquals(List.of("NS ns.dns.cluster.local.", "SOA ns.dns.cluster.local. hostmaster.cluster.local. 42 7200 1800 86400 30"),
                rdata(lookup("cluster.local.", Type.ANY).answers()));
    }
}
