package dev.orchestrator.e2e;

import dev.orchestrator.store.tck.EtcdServer;
import dev.orchestrator.testing.Eventually;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running all-in-one Orchestrator for end-to-end tests: the exported jar as a separate
 * process on a free loopback port with its own data directory (and, for the etcd variant,
 * its own etcd), a kubeconfig for it, and a way to run the real kubectl against it. The JVM runs
 * with the settings of {@code ./orch up} ({@code run/allinone.jvm.options}, scratch files in the data
 * directory: {@link JarLaunch}); each stop by SIGTERM checks that the process left no temporary files.
 * {@link #close()} stops the processes by PID and removes the directories.
 */
final class AllInOne implements AutoCloseable {

    /** What a kubectl run printed. */
    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private final Path dir;
    private final int port;
    private final EtcdServer etcd;
    private Process process;
    private final List<String> command;
    private final boolean withEtcd;
    private final Path kubeconfig;
    private final Path kubectlCache;
    private final boolean secured;

    private AllInOne(Path dir, int port, EtcdServer etcd, List<String> command, boolean withEtcd) throws IOException {
        this.dir = dir;
        this.port = port;
        this.etcd = etcd;
        this.command = command;
        this.withEtcd = withEtcd;
        this.kubeconfig = dir.resolve("kubeconfig");
        this.kubectlCache = dir.resolve("kubectl-cache");
        this.secured = command.stream().anyMatch(a -> a.startsWith("-D" + PKI_DIR_PROPERTY + "="));
        if (secured) {
            return; // the admin's kubeconfig, written with the certificates
        }
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: e2e
                  cluster:
                    server: %s
                contexts:
                - name: e2e
                  context: {cluster: e2e, user: e2e, namespace: default}
                current-context: e2e
                users:
                - name: e2e
                  user: {}
                """.formatted(url()));
    }

    /**
     * {@code etcFiles} plus configuration that switches every built-in controller off (each has an
     * {@code enabled} attribute), for tests of the API server's own behaviour that must not see
     * controllers write meanwhile or hold watch slots.
     */
    static java.util.Map<String, String> withoutControllers(java.util.Map<String, String> etcFiles) throws IOException {
        java.util.Map<String, String> all = new java.util.HashMap<>(etcFiles);
        for (String controller : builtInControllers()) {
            all.put(controller + ".cfg", "enabled=false\n");
        }
        return all;
    }

    /**
     * The component names of the built-in controllers ({@code orchestrator.controllers.<name>}), read from the
     * controllers bundle as built, so that a controller added later is switched off too.
     */
    static List<String> builtInControllers() throws IOException {
        Path jar = Path.of(System.getProperty("repo.root", ".."), "orchestrator.controllers", "target",
                "orchestrator.controllers-" + System.getProperty("project.version", "0.1.0-SNAPSHOT") + ".jar");
        java.util.regex.Pattern component = java.util.regex.Pattern.compile("OSGI-INF/(orchestrator\\.controllers\\.[a-z]+)\\.xml");
        List<String> names = new ArrayList<>();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            zip.stream().map(e -> component.matcher(e.getName())).filter(java.util.regex.Matcher::matches)
                    .forEach(m -> names.add(m.group(1)));
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no controller components in " + jar);
        }
        return names;
    }

    static final String PKI_DIR_PROPERTY = "orchestrator.pki.dir";

    /**
     * Starts an all-in-one on the embedded store as {@code ./orch up} does by default: HTTPS with the certificates
     * of the PKI tool in {@code <dir>/pki} (and {@code tokens.csv}, when given, there), {@link #kubeconfig()} the
     * admin's, the control plane authenticating with its own certificate; Secrets encrypted at rest and the audit
     * log on ({@code <dir>/logs/audit.log}), with the files {@code ./orch up} writes.
     */
    static AllInOne startSecured(java.util.Map<String, String> etcFiles, String tokensCsv) throws Exception {
        return startSecured(etcFiles, tokensCsv, List.of());
    }

    /** As {@link #startSecured(java.util.Map, String)} with more launch properties ({@code -Dname=value}). */
    static AllInOne startSecured(java.util.Map<String, String> etcFiles, String tokensCsv, List<String> properties)
            throws Exception {
        Path dir = Files.createTempDirectory("orch-e2e");
        int port = freePort();
        // as ./orch up: the node's kubelet (named in its configuration), DNS and routes, the proxy, the
        // scheduler and the controllers each authenticate as themselves
        String nodeName = etcFiles.getOrDefault("orchestrator.kubelet.cfg", "").lines()
                .filter(l -> l.startsWith("nodeName=")).map(l -> l.substring("nodeName=".length()).trim())
                .findFirst().orElse("");
        List<String> init = new ArrayList<>(List.of("init", "--dir", dir.resolve("pki").toString(), "--server",
                "https://127.0.0.1:" + port, "--kubeconfig", dir.resolve("kubeconfig").toString()));
        String identities = "scheduler=" + dir.resolve("pki/scheduler.kubeconfig") + ",proxy="
                + dir.resolve("pki/kube-proxy.kubeconfig") + ",controllers="
                + dir.resolve("pki/controller-manager.kubeconfig");
        if (!nodeName.isEmpty()) {
            init.addAll(List.of("--node-name", nodeName));
            identities += ",node=" + dir.resolve("pki/node.kubeconfig");
        }
        dev.orchestrator.pki.PkiTool.run(init.toArray(String[]::new));
        if (tokensCsv != null) {
            Files.writeString(dir.resolve("pki/tokens.csv"), tokensCsv);
        }
        List<String> launch = new ArrayList<>(List.of("-D" + PKI_DIR_PROPERTY + "=" + dir.resolve("pki"),
                "-Dorchestrator.client.kubeconfig=" + dir.resolve("pki/control-plane.kubeconfig"),
                "-Dorchestrator.client.identities=" + identities,
                "-Dorchestrator.encryption.config=" + orchFunction("encryption_config", dir),
                "-Dorchestrator.audit.policy=" + orchFunction("audit_policy", dir)));
        launch.addAll(properties);
        return start(null, true, etcFiles, List.of(), dir, port, launch);
    }

    /**
     * Runs one function of {@code ./orch} alone on a data directory (the files {@code ./orch up} writes there: the
     * encryption configuration, the audit policy) and returns what it printed, a path.
     */
    static Path orchFunction(String function, Path dataDir) throws IOException, InterruptedException {
        Path orch = Path.of(System.getProperty("repo.root", ".."), "orch").toAbsolutePath();
        String script = "set -euo pipefail; say() { :; }; die() { echo \"$*\" >&2; exit 1; }; "
                + "eval \"$(sed -n '/^" + function + "() {/,/^}/p' \"$1\")\"; " + function + " \"$2\"";
        Process p = new ProcessBuilder("bash", "-c", script, "orch", orch.toString(), dataDir.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("./orch's " + function + " failed: " + out);
        }
        return Path.of(out);
    }

    /** Starts an all-in-one on the embedded store, or on a fresh etcd when {@code withEtcd}. */
    static AllInOne start(boolean withEtcd) throws Exception {
        return start(withEtcd, java.util.Map.of());
    }

    /** As {@link #start(boolean)} with these configuration files in its {@code etc/} directory. */
    static AllInOne start(boolean withEtcd, java.util.Map<String, String> etcFiles) throws Exception {
        return start(withEtcd ? EtcdServer.start() : null, true, etcFiles, List.of());
    }

    /**
     * Starts an all-in-one on the embedded store with these configuration files in its
     * {@code etc/} directory (file name → content), e.g. hollow nodes' kubelet configurations.
     */
    static AllInOne startWith(java.util.Map<String, String> etcFiles) throws Exception {
        return start(null, true, etcFiles, List.of());
    }

    /** As {@link #startWith(java.util.Map)} with a heap limit of its own ("-Xmx2g") instead of the default. */
    static AllInOne startWith(java.util.Map<String, String> etcFiles, String maxHeap) throws Exception {
        return start(null, true, etcFiles, List.of(maxHeap));
    }

    /**
     * As {@link #start(boolean, java.util.Map)} with these framework properties on the java command line
     * ({@code -Dname=value}, as {@code ./orch up} passes launch settings such as the encryption configuration).
     */
    static AllInOne start(boolean withEtcd, java.util.Map<String, String> etcFiles,
                          java.util.Map<String, String> frameworkProperties) throws Exception {
        List<String> properties = frameworkProperties.entrySet().stream()
                .map(p -> "-D" + p.getKey() + "=" + p.getValue()).toList();
        return start(withEtcd ? EtcdServer.start() : null, true, etcFiles, List.of(), Files.createTempDirectory("orch-e2e"),
                freePort(), properties);
    }

    /**
     * Starts another all-in-one (a second master) on an etcd that the caller owns and stops.
     */
    static AllInOne startOn(EtcdServer sharedEtcd) throws Exception {
        return startOn(sharedEtcd, java.util.Map.of());
    }

    /** As {@link #startOn(EtcdServer)} with these configuration files in its {@code etc/} directory. */
    static AllInOne startOn(EtcdServer sharedEtcd, java.util.Map<String, String> etcFiles) throws Exception {
        return start(sharedEtcd, false, etcFiles, List.of());
    }

    /**
     * Starts another master on an etcd cluster that the caller owns and stops, with these client URLs
     * (comma-separated, its own member's first).
     */
    static AllInOne startOnEtcd(String endpoints) throws Exception {
        return start(endpoints, null, java.util.Map.of(), List.of(), Files.createTempDirectory("orch-e2e"), freePort(),
                List.of());
    }

    /**
     * Starts an all-in-one on the embedded store in an existing data directory (e.g. one {@code ./orch restore}
     * built) on this port (e.g. the port of a stopped one, so its clients reconnect); removed on {@link #close()}.
     */
    static AllInOne startIn(Path dir, int port, java.util.Map<String, String> etcFiles) throws Exception {
        return start(null, true, etcFiles, List.of(), dir, port, List.of());
    }

    private static AllInOne start(EtcdServer etcdToUse, boolean ownsEtcd, java.util.Map<String, String> etcFiles,
                                  List<String> jvmOverrides) throws Exception {
        return start(etcdToUse, ownsEtcd, etcFiles, jvmOverrides, Files.createTempDirectory("orch-e2e"), freePort(),
                List.of());
    }

    private static AllInOne start(EtcdServer etcdToUse, boolean ownsEtcd, java.util.Map<String, String> etcFiles,
                                  List<String> jvmOverrides, Path dir, int port, List<String> properties) throws Exception {
        return start(etcdToUse == null ? null : etcdToUse.endpoint(), ownsEtcd ? etcdToUse : null, etcFiles,
                jvmOverrides, dir, port, properties);
    }

    /** Starts one on etcd at these endpoints (null: the embedded store), stopping {@code etcd} on close when given. */
    private static AllInOne start(String etcdEndpoints, EtcdServer etcd, java.util.Map<String, String> etcFiles,
                                  List<String> jvmOverrides, Path dir, int port, List<String> properties) throws Exception {
        Files.createDirectories(dir.resolve("etc"));
        for (var file : etcFiles.entrySet()) {
            Files.writeString(dir.resolve("etc").resolve(file.getKey()), file.getValue());
        }
        boolean withEtcd = etcdEndpoints != null;
        if (withEtcd) {
            Files.writeString(dir.resolve("etc/orchestrator.store.etcd.cfg"), "endpoints=" + etcdEndpoints + "\n");
        }
        String jar = System.getProperty("allinone.jar", "../run/target/allinone.jar");
        List<String> command = new ArrayList<>(JarLaunch.javaCommand("allinone", dir, jvmOverrides));
        command.addAll(List.of("-Dorchestrator.data.dir=" + dir, "-Dfelix.fileinstall.dir=" + dir.resolve("etc"),
                "-Dorg.osgi.service.http.port=" + port, "-Dorg.apache.felix.http.host=127.0.0.1"));
        command.addAll(properties);
        command.addAll(List.of("-jar", jar));
        AllInOne cluster = new AllInOne(dir, port, etcd, command, withEtcd);
        cluster.launch();
        return cluster;
    }

    private void launch() throws Exception {
        startProcess();
        awaitReady(withEtcd);
    }

    private void startProcess() throws IOException {
        JarLaunch.cleanScratch(dir);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("orchestrator.log").toFile())).start();
    }

    /** Stops the server process (SIGTERM) and starts it again on the same port and data. */
    void restart() throws Exception {
        stopProcess();
        Files.writeString(dir.resolve("orchestrator.log"), "");
        launch();
    }

    /**
     * Stops the server process (SIGTERM) and starts it again on the same port and data without waiting until it
     * serves: for starts that must fail (the test reads {@link #log()}); {@link #close()} stops it.
     */
    void restartWithoutWaiting() throws Exception {
        stopProcess();
        Files.writeString(dir.resolve("orchestrator.log"), "");
        startProcess();
    }

    /**
     * Updates a bundle of the running process with its freshly built jar through the admin
     * endpoint ({@code ./orch upgrade}), as an operator would.
     */
    Result upgradeBundle(String symbolicName) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("repo.root", ".."), symbolicName, "target",
                symbolicName + "-" + System.getProperty("project.version", "0.1.0-SNAPSHOT") + ".jar");
        return orch("upgrade", jar.toString(), "--server", url());
    }

    /** Runs the repository's {@code ./orch} with these arguments (stdout and stderr together in {@code out}). */
    static Result orch(String... args) throws IOException, InterruptedException {
        return orchWith(java.util.Map.of(), args);
    }

    /** As {@link #orch} with these environment variables set (KUBECONFIG, say). */
    static Result orchWith(java.util.Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("repo.root", ".."), "orch").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("./orch " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), out, "");
    }

    /** Starts the process again after {@link #kill()}, on the same port and data, with a fresh log. */
    void relaunch() throws Exception {
        Files.writeString(dir.resolve("orchestrator.log"), "");
        launch();
    }

    /** Kills the server process at once (SIGKILL), as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM; SIGKILL after 30 s. A process that ended by itself must have removed its temporary files. */
    private void stopProcess() throws InterruptedException, IOException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (process.waitFor(30, TimeUnit.SECONDS)) {
            JarLaunch.assertNoTempLeft(dir);
        } else {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The server process's pid (for jcmd and /proc). */
    long pid() {
        return process.pid();
    }

    String url() {
        return (secured ? "https" : "http") + "://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    Path kubeconfig() {
        return kubeconfig;
    }

    Path dir() {
        return dir;
    }

    /** The etcd this all-in-one started (and stops), when it runs on one. */
    java.util.Optional<EtcdServer> etcd() {
        return java.util.Optional.ofNullable(etcd);
    }

    /** Runs kubectl with this cluster's kubeconfig and a private discovery cache. */
    Result kubectl(String... args) throws IOException, InterruptedException {
        return kubectlWithInput(null, args);
    }

    /** A jsonpath of one object, or {@code <the error>} when kubectl fails (for waiting on it). */
    String jsonpath(String kind, String name, String path) throws IOException, InterruptedException {
        Result r = kubectl("get", kind, name, "-o", "jsonpath=" + path);
        return r.exit() == 0 ? r.out().trim() : "<" + r.err().trim() + ">";
    }

    /** A result that must be a success (exit 0); its output otherwise fails the test. */
    static Result ok(Result r) {
        org.junit.jupiter.api.Assertions.assertEquals(0, r.exit(), r.out() + r.err());
        return r;
    }

    Result kubectlWithInput(String stdin, String... args) throws IOException, InterruptedException {
        return kubectlBinary("kubectl", stdin, args);
    }

    /** A fabric8 client of this cluster (namespace default, JDK HTTP client, 30 s requests); the caller closes it. */
    io.fabric8.kubernetes.client.KubernetesClient fabric8Client() {
        io.fabric8.kubernetes.client.Config base = secured
                ? io.fabric8.kubernetes.client.Config.fromKubeconfig(readKubeconfig())
                : new io.fabric8.kubernetes.client.ConfigBuilder(io.fabric8.kubernetes.client.Config.empty())
                        .withMasterUrl(url()).build();
        io.fabric8.kubernetes.client.Config config = new io.fabric8.kubernetes.client.ConfigBuilder(base)
                .withNamespace("default").withRequestTimeout(30_000).build();
        return new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory()).build();
    }

    private String readKubeconfig() {
        try {
            return Files.readString(kubeconfig);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Waits until the node reports Ready (kubectl's view). */
    void awaitNodeReady(String node) throws Exception {
        Eventually.until("node " + node + " Ready", 60, () -> kubectl("get", "node", node, "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out(), "True"::equals);
    }

    /** kubectl of one minor version ({@code "1.27"}), which {@link #versionedKubectl} says is installed. */
    Result kubectlOf(String version, String stdin, String... args) throws IOException, InterruptedException {
        return kubectlBinary(versionedKubectl(version).toString(), stdin, args);
    }

    /** Where the Cloud SDK keeps kubectl of one minor version (the {@code kubectl} on PATH dispatches among them). */
    static Path versionedKubectl(String version) {
        return Path.of("/usr/lib/google-cloud-sdk/bin/kubectl." + version);
    }

    /**
     * A kubectl command line with this cluster's kubeconfig and a private discovery cache (one per binary, so
     * that versions do not share one), for tests that start the process themselves.
     */
    List<String> kubectlCommand(String binary, String... args) {
        String name = Path.of(binary).getFileName().toString();
        List<String> command = new ArrayList<>(List.of(binary, "--kubeconfig=" + kubeconfig, "--cache-dir="
                + (name.equals("kubectl") ? kubectlCache : kubectlCache.resolve(name))));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs one kubectl binary (e.g. {@code /usr/lib/google-cloud-sdk/bin/kubectl.1.27}) as {@link #kubectl} does. */
    Result kubectlBinary(String binary, String stdin, String... args) throws IOException, InterruptedException {
        List<String> timed = new ArrayList<>(List.of("--request-timeout=30s"));
        timed.addAll(List.of(args));
        List<String> command = kubectlCommand(binary, timed.toArray(String[]::new));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("KUBECONFIG");
        Path out = Files.createTempFile(dir, "kubectl", ".out");
        Path err = Files.createTempFile(dir, "kubectl", ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = builder.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** Starts kubectl in the background (for watches); the caller destroys it. */
    Process kubectlBackground(Path output, String... args) throws IOException {
        return new ProcessBuilder(kubectlCommand("kubectl", args)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
    }

    /** @return node of every bound pod of the default namespace that the extra kubectl arguments select, by pod name */
    java.util.Map<String, String> boundPods(String... selection) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("get", "pods", "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.spec.nodeName}{\"\\n\"}{end}"));
        args.addAll(List.of(selection));
        Result r = kubectl(args.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new AssertionError("kubectl get pods failed: " + r.err());
        }
        java.util.Map<String, String> bound = new java.util.TreeMap<>();
        for (String line : r.out().split("\n")) {
            String[] kv = line.split("=", 2);
            if (kv.length == 2 && !kv[1].isEmpty()) {
                bound.put(kv[0], kv[1]);
            }
        }
        return bound;
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("orchestrator.log"));
    }

    /**
     * A raw HTTP client of this cluster with the admin's rights: over TLS with the admin's client certificate when the
     * cluster is secured, plain otherwise.
     */
    java.net.http.HttpClient adminHttpClient() throws Exception {
        java.net.http.HttpClient.Builder builder = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(10));
        if (!secured) {
            return builder.build();
        }
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        java.security.cert.Certificate certificate;
        try (var in = Files.newInputStream(dir.resolve("pki/admin.crt"))) {
            certificate = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        java.security.PrivateKey key;
        try (var parser = new org.bouncycastle.openssl.PEMParser(Files.newBufferedReader(dir.resolve("pki/admin.key")))) {
            key = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter()
                    .getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) parser.readObject());
        }
        keys.setKeyEntry("admin", key, new char[0], new java.security.cert.Certificate[] {certificate});
        javax.net.ssl.KeyManagerFactory keyManagers = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers(), null);
        return builder.sslContext(context).build();
    }

    /** TLS that trusts this (secured) cluster's CA and presents no client certificate. */
    javax.net.ssl.SSLContext trustingClusterCa() throws Exception {
        return trusting(Files.readString(dir.resolve("pki/ca.crt")));
    }

    /** TLS that trusts the CA certificate {@code caPem} only and presents no client certificate. */
    static javax.net.ssl.SSLContext trusting(String caPem) throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trustManagers(caPem), null);
        return context;
    }

    private javax.net.ssl.TrustManager[] trustManagers() throws Exception {
        return trustManagers(Files.readString(dir.resolve("pki/ca.crt")));
    }

    private static javax.net.ssl.TrustManager[] trustManagers(String caPem) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = new java.io.ByteArrayInputStream(caPem.getBytes(StandardCharsets.UTF_8))) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        javax.net.ssl.TrustManagerFactory factory = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return factory.getTrustManagers();
    }

    private void awaitReady(boolean withEtcd) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("all-in-one exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url() + "/readyz").toURL().openConnection();
                if (c instanceof javax.net.ssl.HttpsURLConnection https) {
                    https.setSSLSocketFactory(trustingClusterCa().getSocketFactory());
                }
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200 && (!withEtcd || log().contains("store=EtcdStoreComponent"))) {
                    JarLaunch.assertStorageInDataDir(dir);
                    if (withEtcd && log().contains("store=EmbeddedStore")) {
                        // writes and leases taken there would be lost, and two masters would both lead
                        throw new AssertionError("a process configured for etcd served from the embedded store:\n" + log());
                    }
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        // a process that never became ready must not outlive the test (it holds its node's addresses and ports)
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("all-in-one not ready within 60 s:\n" + log());
    }

    @Override
    public void close() throws Exception {
        try {
            stopProcess();
        } finally {
            if (etcd != null) {
                etcd.close();
            }
            keepLog();
            JarLaunch.deleteTree(dir);
        }
    }

    /** Keeps the server's log in target/e2e-logs (the work directory goes), for a failure to be looked into. */
    private void keepLog() {
        try {
            Path log = dir.resolve("orchestrator.log");
            if (Files.exists(log)) {
                Path kept = Path.of("target", "e2e-logs");
                Files.createDirectories(kept);
                Files.copy(log, kept.resolve(dir.getFileName() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("server log not kept: " + e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
