package dev.orchestrator.kubelet.internal.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A {@code net/dev} file of {@code /proc}: the counters of every interface of one network namespace, the one of
 * the process whose {@code /proc/<pid>/net/dev} it is. Reading it needs no entering of the namespace.
 */
public final class NetDev {

    /** rx: bytes packets errs drop fifo frame compressed multicast, then tx: bytes packets errs drop … */
    private static final int RX_BYTES = 0;
    private static final int RX_ERRORS = 2;
    private static final int TX_BYTES = 8;
    private static final int TX_ERRORS = 10;

    private NetDev() {
    }

    /** The interfaces of the file that {@code counted} accepts, in the file's order. */
    public static List<InterfaceStats> read(Path file, Predicate<String> counted) throws IOException {
        return parse(Files.readAllLines(file), counted);
    }

    /**
     * Parses the file: two header lines, then {@code <name>: <16 counters>} per interface (a name and a large
     * first counter may touch: {@code eth0:123}). Lines that do not have that shape are skipped.
     */
    public static List<InterfaceStats> parse(List<String> lines, Predicate<String> counted) {
        List<InterfaceStats> result = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (name.isEmpty() || name.contains("|") || f.length < 16 || !counted.test(name)) {
                continue;
            }
            try {
                result.add(new InterfaceStats(name, Long.parseLong(f[RX_BYTES]), Long.parseLong(f[RX_ERRORS]),
                        Long.parseLong(f[TX_BYTES]), Long.parseLong(f[TX_ERRORS])));
            } catch (NumberFormatException e) {
                // not a counter line
            }
        }
        return result;
    }

    /** Name prefixes of the interfaces cAdvisor leaves out (any case). */
    private static final List<String> IGNORED_PREFIXES = List.of("lo", "veth", "docker", "nerdctl");

    /**
     * cAdvisor's choice of interfaces: not the loopback, not the host ends of pods' veth pairs (their traffic is
     * the pods'), not docker's or nerdctl's bridges.
     */
    public static boolean counted(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return IGNORED_PREFIXES.stream().noneMatch(lower::startsWith);
    }
}
