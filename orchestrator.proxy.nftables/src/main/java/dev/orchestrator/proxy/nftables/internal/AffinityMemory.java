package dev.orchestrator.proxy.nftables.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients that session-affinity sets remember, read from the kernel before a full rewrite
 * (which deletes the table and with it every set) so that the rewrite can put them back with the
 * time they had left: the proxy core rewrites everything every few minutes, and clients must not
 * be balanced anew each time. One {@code nft -j list sets} call; nothing is read when the new
 * table has no affinity sets.
 */
final class AffinityMemory {

    private static final Logger LOG = LoggerFactory.getLogger(AffinityMemory.class);
    private static final Pattern NAME = Pattern.compile("\"name\": \"([^\"]+)\"");
    private static final Pattern CLIENT = Pattern.compile("\\{\"val\": \"([0-9.]+)\"[^{}]*?\"expires\": (\\d+)\\}");

    /** A remembered client and the seconds before its set forgets it. */
    record Client(String ip, long expiresSeconds) {
    }

    private AffinityMemory() {
    }

    /** The clients of the {@code wanted} sets that exist now; empty when there is no table yet. */
    static Map<String, List<Client>> read(CommandRunner runner, NftablesSettings settings, Set<String> wanted) {
        if (wanted.isEmpty()) {
            return Map.of();
        }
        try {
            CommandRunner.Outcome outcome = runner.run(List.of(settings.nft(), "-j", "list", "sets", "table",
                    settings.family(), settings.table()), null);
            if (outcome.exitCode() != 0) {
                return Map.of();
            }
            return parse(outcome.output(), wanted);
        } catch (IOException e) {
            LOG.warn("affinity sets could not be read before a full rewrite; clients will be balanced anew error={}",
                    e.toString());
            return Map.of();
        }
    }

    /** The clients of the {@code wanted} sets in nft's JSON listing of sets. */
    static Map<String, List<Client>> parse(String json, Set<String> wanted) {
        Map<String, List<Client>> clients = new HashMap<>();
        for (String set : json.split("\\{\"set\": \\{")) {
            Matcher name = NAME.matcher(set);
            if (!name.find() || !wanted.contains(name.group(1))) {
                continue;
            }
            List<Client> remembered = new ArrayList<>();
            Matcher client = CLIENT.matcher(set);
            while (client.find()) {
                long expires = Long.parseLong(client.group(2));
                if (expires > 0) {
                    remembered.add(new Client(client.group(1), expires));
                }
            }
            if (!remembered.isEmpty()) {
                clients.put(name.group(1), remembered);
            }
        }
        return clients;
    }
}
