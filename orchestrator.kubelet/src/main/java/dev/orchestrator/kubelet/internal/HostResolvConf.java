package dev.orchestrator.kubelet.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's resolver settings, read from a resolv.conf as Kubernetes' kubelet reads it: every {@code nameserver},
 * the last {@code search} line (trailing dots removed), every {@code options} entry; comment lines start with
 * {@code #} or {@code ;}.
 */
record HostResolvConf(List<String> nameservers, List<String> searches, List<String> options) {

    private static final Logger LOG = LoggerFactory.getLogger(HostResolvConf.class);
    static final HostResolvConf EMPTY = new HostResolvConf(List.of(), List.of(), List.of());

    HostResolvConf {
        nameservers = List.copyOf(nameservers);
        searches = List.copyOf(searches);
        options = List.copyOf(options);
    }

    /** The file's settings; none when it is missing or unreadable (logged), as a node without resolv.conf has. */
    static HostResolvConf read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (IOException e) {
            LOG.warn("node resolv.conf not read file={} error={}", file, e.toString());
            return EMPTY;
        }
    }

    static HostResolvConf parse(String text) {
        List<String> nameservers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            String[] fields = trimmed.split("\\s+");
            List<String> values = Arrays.asList(fields).subList(1, fields.length);
            switch (fields[0]) {
                case "nameserver" -> {
                    if (!values.isEmpty()) {
                        nameservers.add(values.get(0));
                    }
                }
                case "search" -> {
                    searches.clear();
                    values.forEach(s -> searches.add(s.equals(".") ? s : s.replaceAll("\\.$", "")));
                }
                case "options" -> options.addAll(values);
                default -> {
                    // domain, sortlist, ...: not passed to pods, as Kubernetes does not
                }
            }
        }
        return new HostResolvConf(nameservers, searches, options);
    }
}
