package dev.orchestrator.runtime.docker.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.SandboxConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod network of docker sandboxes, the way a CRI runtime does it: the plugins of the node's CNI network
 * configuration run in order on the pause container's network namespace (ADD, each given the previous result) and
 * in reverse order on removal (DEL). The result of each ADD is kept in a file per sandbox, so the pod IP and what DEL
 * needs survive a restart of this bundle.
 */
final class Cni {

    private static final Logger LOG = LoggerFactory.getLogger(Cni.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long PLUGIN_TIMEOUT_SECONDS = 30;
    static final String IFNAME = "eth0";

    private final Path confDir;
    private final Path binDir;
    private final Path resultDir;

    Cni(Path confDir, Path binDir, Path resultDir) {
        this.confDir = confDir;
        this.binDir = binDir;
        this.resultDir = resultDir;
    }

    /** Why the pod network is not ready, or empty when a configuration and its plugins are there. */
    Optional<String> notReady() {
        try {
            ObjectNode list = configList();
            for (JsonNode plugin : list.get("plugins")) {
                Path binary = binDir.resolve(plugin.path("type").asText());
                if (!Files.isExecutable(binary)) {
                    return Optional.of("CNI plugin " + binary + " not found");
                }
            }
            return Optional.empty();
        } catch (ContainerRuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Whether the configuration has a plugin that maps host ports (portmap). */
    boolean mapsHostPorts() {
        for (JsonNode plugin : configList().get("plugins")) {
            if (plugin.path("capabilities").path("portMappings").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    /** Adds the sandbox to the network; returns its addresses (the primary first). */
    List<String> add(String sandboxId, String netns, List<SandboxConfig.PortMapping> ports) {
        ObjectNode list = configList();
        ArrayNode portMappings = JSON.createArrayNode();
        for (SandboxConfig.PortMapping p : ports) {
            if (p.hostPort() > 0) {
                ObjectNode m = portMappings.addObject();
                m.put("hostPort", p.hostPort()).put("containerPort", p.containerPort())
                        .put("protocol", p.protocol() == null ? "tcp" : p.protocol().toLowerCase(Locale.ROOT));
                if (p.hostIp() != null && !p.hostIp().isBlank()) {
                    m.put("hostIP", p.hostIp());
                }
            }
        }
        JsonNode result = null;
        List<JsonNode> done = new ArrayList<>();
        try {
            for (JsonNode plugin : list.get("plugins")) {
                result = exec("ADD", plugin, list, sandboxId, netns, result, portMappings);
                done.add(plugin);
            }
        } catch (ContainerRuntimeException e) {
            // undo the plugins that did their part, so no address or interface stays behind
            for (int i = done.size() - 1; i >= 0; i--) {
                try {
                    exec("DEL", done.get(i), list, sandboxId, netns, null, portMappings);
                } catch (ContainerRuntimeException undo) {
                    e.addSuppressed(undo);
                }
            }
            throw e;
        }
        ObjectNode saved = JSON.createObjectNode();
        saved.put("netns", netns);
        saved.set("portMappings", portMappings);
        saved.set("result", result == null ? JSON.createObjectNode() : result);
        write(sandboxId, saved);
        return ips(result);
    }

    /** The addresses recorded for the sandbox (empty when it has none or was never added). */
    List<String> ips(String sandboxId) {
        return read(sandboxId).map(saved -> ips(saved.get("result"))).orElse(List.of());
    }

    /**
     * Removes the sandbox from the network (plugins in reverse order, each given the saved result); nothing is done
     * when the sandbox was never added or already removed. {@code netns} may be empty once the pause process is gone
     * (the plugins then release the address only).
     */
    void del(String sandboxId, String netns) {
        Optional<ObjectNode> saved = read(sandboxId);
        if (saved.isEmpty()) {
            return;
        }
        ObjectNode list = configList();
        List<JsonNode> plugins = new ArrayList<>();
        list.get("plugins").forEach(plugins::add);
        JsonNode portMappings = saved.get().path("portMappings");
        for (int i = plugins.size() - 1; i >= 0; i--) {
            exec("DEL", plugins.get(i), list, sandboxId, netns, saved.get().get("result"), portMappings);
        }
        try {
            Files.deleteIfExists(resultFile(sandboxId));
        } catch (IOException e) {
            throw new ContainerRuntimeException("could not remove CNI result of " + sandboxId + ": " + e.getMessage(), e);
        }
        LOG.info("sandbox network removed id={}", sandboxId);
    }

    private JsonNode exec(String command, JsonNode plugin, ObjectNode list, String sandboxId, String netns,
                          JsonNode prevResult, JsonNode portMappings) {
        String type = plugin.path("type").asText();
        ObjectNode conf = ((ObjectNode) plugin).deepCopy();
        conf.put("cniVersion", list.path("cniVersion").asText("0.4.0"));
        conf.put("name", list.path("name").asText("orch"));
        if (prevResult != null) {
            conf.set("prevResult", prevResult);
        }
        if (plugin.path("capabilities").path("portMappings").asBoolean(false)) {
            conf.putObject("runtimeConfig").set("portMappings", portMappings);
        }
        ProcessBuilder pb = new ProcessBuilder(binDir.resolve(type).toString());
        pb.environment().put("CNI_COMMAND", command);
        pb.environment().put("CNI_CONTAINERID", sandboxId);
        pb.environment().put("CNI_NETNS", netns);
        pb.environment().put("CNI_IFNAME", IFNAME);
        pb.environment().put("CNI_PATH", binDir.toString());
        pb.redirectErrorStream(false);
        try {
            Process p = pb.start();
            p.getOutputStream().write(JSON.writeValueAsBytes(conf));
            p.getOutputStream().close();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            if (!p.waitFor(PLUGIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ContainerRuntimeException("CNI plugin " + type + " " + command + " did not finish within "
                        + PLUGIN_TIMEOUT_SECONDS + "s");
            }
            String stdout = new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                String stderr = new String(err.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8).trim();
                throw new ContainerRuntimeException("failed to set up sandbox network: CNI plugin " + type + " "
                        + command + " failed: " + pluginError(stdout, stderr));
            }
            return stdout.isEmpty() ? prevResult : JSON.readTree(stdout);
        } catch (IOException e) {
            throw new ContainerRuntimeException("CNI plugin " + type + " " + command + " could not run: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContainerRuntimeException("interrupted while running CNI plugin " + type, e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ContainerRuntimeException("CNI plugin " + type + " output could not be read", e);
        }
    }

    /** A plugin's error: the msg (and details) of its JSON error, else what it printed. */
    private static String pluginError(String stdout, String stderr) {
        try {
            JsonNode error = JSON.readTree(stdout);
            String msg = error.path("msg").asText("");
            String details = error.path("details").asText("");
            if (!msg.isEmpty()) {
                return details.isEmpty() ? msg : msg + ": " + details;
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: the raw output below
        }
        return (stdout + " " + stderr).trim();
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The first configuration by file name: a .conflist as it is, a single .conf as a list of one. */
    private ObjectNode configList() {
        List<Path> files;
        try (Stream<Path> s = Files.list(confDir)) {
            files = s.filter(f -> f.toString().endsWith(".conflist") || f.toString().endsWith(".conf")
                    || f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new ContainerRuntimeException("no CNI configuration: cannot read " + confDir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new ContainerRuntimeException("no CNI configuration in " + confDir);
        }
        try {
            JsonNode root = JSON.readTree(files.get(0).toFile());
            if (root.has("plugins") && root.get("plugins").isArray() && !root.get("plugins").isEmpty()) {
                return (ObjectNode) root;
            }
            if (root.has("type")) {
                ObjectNode list = JSON.createObjectNode();
                list.put("cniVersion", root.path("cniVersion").asText("0.4.0"));
                list.put("name", root.path("name").asText("orch"));
                list.putArray("plugins").add(root);
                return list;
            }
            throw new ContainerRuntimeException("CNI configuration " + files.get(0) + " has no plugins");
        } catch (IOException | ClassCastException e) {
            throw new ContainerRuntimeException("CNI configuration " + files.get(0) + " is not valid: " + e.getMessage(), e);
        }
    }

    /** The addresses of a result (CNI 0.3/0.4/1.0: {@code ips[].address}, without the prefix length). */
    static List<String> ips(JsonNode result) {
        List<String> ips = new ArrayList<>();
        if (result != null) {
            for (JsonNode ip : result.path("ips")) {
                String address = ip.path("address").asText("");
                int slash = address.indexOf('/');
                if (!address.isEmpty()) {
                    ips.add(slash > 0 ? address.substring(0, slash) : address);
                }
            }
        }
        return ips;
    }

    private Path resultFile(String sandboxId) {
        return resultDir.resolve(sandboxId + ".json");
    }

    private void write(String sandboxId, ObjectNode saved) {
        try {
            Files.createDirectories(resultDir);
            Path tmp = resultDir.resolve(sandboxId + ".json.tmp");
            Files.write(tmp, JSON.writeValueAsBytes(saved));
            Files.move(tmp, resultFile(sandboxId), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ContainerRuntimeException("could not keep the CNI result of " + sandboxId + ": " + e.getMessage(), e);
        }
    }

    private Optional<ObjectNode> read(String sandboxId) {
        Path file = resultFile(sandboxId);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) JSON.readTree(file.toFile()));
        } catch (IOException | ClassCastException e) {
            LOG.warn("unreadable CNI result file={} error={}", file, e.toString());
            return Optional.empty();
        }
    }
}
