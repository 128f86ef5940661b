package dev.orchestrator.dns.internal;

import dev.orchestrator.dns.internal.ServiceRecords.ReadyEndpoint;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The records of the Kubernetes DNS schema (version 1.1.0) for one cluster domain, computed per question from the
 * {@link ServiceCatalog}: {@code <svc>.<ns>.svc} (A/AAAA of the cluster IPs, of the ready endpoints of a headless
 * Service, CNAME of an ExternalName), {@code <endpoint>.<svc>.<ns>.svc} of headless Services,
 * {@code _<port>._<proto>.<svc>.<ns>.svc} SRV for named ports, {@code <a-b-c-d>.<ns>.pod} A, PTR of cluster IPs and
 * headless endpoints, and the zone's SOA, NS and {@code dns-version} TXT. Stateless apart from its settings;
 * thread-safe.
 */
final class ClusterRecords {

    static final String SCHEMA_VERSION = "1.1.0";
    private static final Name IN_ADDR_ARPA = Name.fromConstantString("in-addr.arpa.");
    // SOA timers of a zone nobody transfers: only the minimum (negative caching) matters to clients
    private static final long REFRESH = 7200;
    private static final long RETRY = 1800;
    private static final long EXPIRE = 86400;

    private final ServiceCatalog catalog;
    private final Name zone;
    private final long ttl;
    private final InetAddress nameserverAddress;
    private final Name nameserver;
    private final SOARecord soa;

    ClusterRecords(ServiceCatalog catalog, Name zone, long ttl, InetAddress nameserverAddress, long serial) {
        this.catalog = catalog;
        this.zone = zone;
        this.ttl = ttl;
        this.nameserverAddress = nameserverAddress;
        this.nameserver = child("ns.dns", zone);
        this.soa = new SOARecord(zone, DClass.IN, ttl, nameserver, child("hostmaster", zone), serial, REFRESH, RETRY,
                EXPIRE, ttl);
    }

    SOARecord soa() {
        return soa;
    }

    /** Whether {@code name} is in the cluster domain (answered here, never forwarded). */
    boolean inZone(Name name) {
        return name.subdomain(zone);
    }

    /**
     * The answer to {@code name}/{@code type}, or empty when the name is not the cluster's: outside the cluster
     * domain, or a reverse name of an address that is no cluster IP nor headless endpoint.
     */
    Optional<Answer> lookup(Name name, int type) {
        if (name.subdomain(zone)) {
            return Optional.of(select(records(labels(name.relativize(zone)), name), type));
        }
        if (name.subdomain(IN_ADDR_ARPA) && name.labels() == 7) {
            Optional<NameRecords> ptr = reverse(name);
            return ptr.map(r -> select(r, type));
        }
        return Optional.empty();
    }

    /** The records a name owns (empty: it exists without records), or none when the name does not exist. */
    private record NameRecords(List<Record> records, List<Record> additionals) {
        static final NameRecords EMPTY = new NameRecords(List.of(), List.of());
    }

    private static Answer select(NameRecords found, int type) {
        if (found == null) {
            return Answer.nxdomain();
        }
        List<Record> matching = found.records().stream().filter(r -> type == Type.ANY || r.getType() == type).toList();
        if (matching.isEmpty()) {
            // an alias answers every type; the client follows it
            matching = found.records().stream().filter(r -> r.getType() == Type.CNAME).toList();
        }
        boolean srv = matching.stream().anyMatch(r -> r.getType() == Type.SRV);
        return Answer.of(matching, srv ? found.additionals() : List.of());
    }

    private NameRecords records(List<String> l, Name name) {
        int n = l.size();
        if (n == 0) {
            return new NameRecords(List.of(soa, new NSRecord(zone, DClass.IN, ttl, nameserver)), List.of());
        }
        String top = l.get(n - 1);
        if (n == 1 && top.equals("dns-version")) {
            return new NameRecords(List.of(new TXTRecord(name, DClass.IN, ttl, SCHEMA_VERSION)), List.of());
        }
        if (n == 1 && (top.equals("svc") || top.equals("pod") || top.equals("dns"))) {
            return NameRecords.EMPTY;
        }
        if (n == 2 && top.equals("dns") && l.get(0).equals("ns")) {
            return new NameRecords(List.of(address(name, nameserverAddress.getHostAddress())), List.of());
        }
        if (top.equals("pod")) {
            return n == 3 ? pod(l.get(0), name) : null;
        }
        if (!top.equals("svc") || n > 5) {
            return null;
        }
        if (n == 2) {
            return catalog.hasServices(l.get(0)) ? NameRecords.EMPTY : null;
        }
        String namespace = l.get(n - 2);
        Service service = catalog.service(namespace, l.get(n - 3)).orElse(null);
        if (service == null) {
            return null;
        }
        return switch (n) {
            case 3 -> service(service, name);
            case 4 -> endpoint(service, l.get(0), name);
            default -> srv(service, l.get(0), l.get(1), name);
        };
    }

    private NameRecords service(Service s, Name name) {
        if (ServiceRecords.isExternalName(s)) {
            String target = s.getSpec().getExternalName();
            Optional<Name> alias = absolute(target);
            return alias.map(a -> new NameRecords(List.<Record>of(new CNAMERecord(name, DClass.IN, ttl, a)), List.of()))
                    .orElse(null);
        }
        List<String> addresses = ServiceRecords.isHeadless(s) ? readyAddresses(s) : ServiceRecords.clusterIps(s);
        // a headless Service without ready endpoints does not exist in DNS (the specification's NXDOMAIN)
        return addresses.isEmpty() ? null : new NameRecords(addresses.stream().map(a -> address(name, a)).toList(), List.of());
    }

    private List<String> readyAddresses(Service s) {
        Set<String> unique = new LinkedHashSet<>();
        ready(s).forEach(e -> unique.add(e.address()));
        return List.copyOf(unique);
    }

    private List<ReadyEndpoint> ready(Service s) {
        var meta = s.getMetadata();
        return ServiceRecords.readyEndpoints(s, catalog.endpointSlices(meta.getNamespace(), meta.getName()));
    }

    private NameRecords endpoint(Service s, String hostname, Name name) {
        if (!ServiceRecords.isHeadless(s)) {
            return null;
        }
        List<Record> records = ready(s).stream().filter(e -> e.hostname().equals(hostname))
                .map(e -> address(name, e.address())).distinct().toList();
        return records.isEmpty() ? null : new NameRecords(records, List.of());
    }

    private NameRecords srv(Service s, String portLabel, String protocolLabel, Name name) {
        if (!portLabel.startsWith("_") || !protocolLabel.startsWith("_") || ServiceRecords.isExternalName(s)) {
            return null;
        }
        String portName = portLabel.substring(1);
        String protocol = protocolLabel.substring(1);
        List<ServicePort> ports = ServiceRecords.ports(s).stream()
                .filter(p -> p.getName() != null && !p.getName().isEmpty() && p.getName().equalsIgnoreCase(portName)
                        && ServiceRecords.protocol(p).equalsIgnoreCase(protocol)).toList();
        if (ports.isEmpty()) {
            return null;
        }
        Name serviceName = new Name(name, 2);
        List<Record> answers = new ArrayList<>();
        List<Record> additionals = new ArrayList<>();
        if (!ServiceRecords.isHeadless(s)) {
            for (ServicePort p : ports) {
                answers.add(new SRVRecord(name, DClass.IN, ttl, 0, 100, p.getPort(), serviceName));
            }
            ServiceRecords.clusterIps(s).forEach(ip -> additionals.add(address(serviceName, ip)));
        } else {
            List<ReadyEndpoint> endpoints = ready(s);
            for (ServicePort p : ports) {
                for (ReadyEndpoint e : endpoints) {
                    Optional<Integer> port = ServiceRecords.endpointPort(e.slice(), p.getName(), ServiceRecords.protocol(p));
                    if (port.isPresent()) {
                        Name target = child(e.hostname(), serviceName);
                        answers.add(new SRVRecord(name, DClass.IN, ttl, 0, 100, port.get(), target));
                        additionals.add(address(target, e.address()));
                    }
                }
            }
        }
        return answers.isEmpty() ? null
                : new NameRecords(answers.stream().distinct().toList(), additionals.stream().distinct().toList());
    }

    /** {@code <a-b-c-d>.<ns>.pod}: any IPv4 address, whatever the namespace (CoreDNS' "pods insecure"). */
    private NameRecords pod(String dashed, Name name) {
        String[] parts = dashed.split("-", -1);
        if (parts.length != 4) {
            return null;
        }
        for (String p : parts) {
            if (!p.matches("\\d{1,3}") || Integer.parseInt(p) > 255) {
                return null;
            }
        }
        return new NameRecords(List.of(address(name, String.join(".", parts))), List.of());
    }

    private Optional<NameRecords> reverse(Name name) {
        String ip = name.getLabelString(3) + "." + name.getLabelString(2) + "." + name.getLabelString(1) + "."
                + name.getLabelString(0);
        List<Record> targets = new ArrayList<>();
        for (Service s : catalog.servicesWithClusterIp(ip)) {
            targets.add(new PTRRecord(name, DClass.IN, ttl, serviceName(s)));
        }
        for (var slice : catalog.endpointSlicesWithAddress(ip)) {
            String serviceLabel = slice.getMetadata().getLabels() == null ? null
                    : slice.getMetadata().getLabels().get(InformerServiceCatalog.SERVICE_NAME_LABEL);
            Service s = serviceLabel == null ? null
                    : catalog.service(slice.getMetadata().getNamespace(), serviceLabel).orElse(null);
            if (s != null && ServiceRecords.isHeadless(s)) {
                ready(s).stream().filter(e -> e.address().equals(ip))
                        .forEach(e -> targets.add(new PTRRecord(name, DClass.IN, ttl, child(e.hostname(), serviceName(s)))));
            }
        }
        List<Record> unique = targets.stream().distinct().toList();
        return unique.isEmpty() ? Optional.empty() : Optional.of(new NameRecords(unique, List.of()));
    }

    private Name serviceName(Service s) {
        return child(s.getMetadata().getName() + "." + s.getMetadata().getNamespace() + ".svc", zone);
    }

    private Record address(Name owner, String ip) {
        try {
            InetAddress a = InetAddress.getByAddress(Address.toByteArray(ip, ip.contains(":") ? Address.IPv6 : Address.IPv4));
            return ip.contains(":") ? new AAAARecord(owner, DClass.IN, ttl, a) : new ARecord(owner, DClass.IN, ttl, a);
        } catch (java.net.UnknownHostException | NullPointerException e) {
            throw new IllegalArgumentException("not an IP address: " + ip, e);
        }
    }

    /** The labels of a relative name, lower-cased, leftmost first. */
    private static List<String> labels(Name relative) {
        List<String> labels = new ArrayList<>(relative.labels());
        for (int i = 0; i < relative.labels(); i++) {
            labels.add(relative.getLabelString(i).toLowerCase(Locale.ROOT));
        }
        return labels;
    }

    private static Name child(String labels, Name origin) {
        try {
            return Name.fromString(labels, origin);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + labels, e);
        }
    }

    private static Optional<Name> absolute(String text) {
        try {
            return text == null || text.isEmpty() ? Optional.empty() : Optional.of(Name.fromString(text, Name.root));
        } catch (TextParseException e) {
            return Optional.empty();
        }
    }
}
