package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The admission step of Kubernetes' {@code ServiceAccount} plugin for a new pod: it runs as a service account
 * ({@code default} unless it names one, which must exist), and, unless the pod or its service account turns
 * {@code automountServiceAccountToken} off, gets the API's credentials as Kubernetes mounts them: a projected
 * volume {@code kube-api-access-<random>} with a bound, expiring token ({@code token}), the cluster's CA
 * ({@code ca.crt}, from the {@code kube-root-ca.crt} ConfigMap) and its {@code namespace}, mounted read-only at
 * {@value #MOUNT_PATH} in every container that has nothing there yet. In-cluster clients (client-go, fabric8,
 * client-java…) find the API with these files and the {@code KUBERNETES_SERVICE_HOST/PORT} variables.
 *
 * <p>Tokens are mounted only where the API server issues them ({@code mountTokens}: a cluster with its PKI).
 * A pod of the {@code default} account may be created before that account exists (the service account
 * controller makes it just after its namespace): its token then waits in the kubelet until it does.
 */
final class ServiceAccountAdmission {

    static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    static final String ROOT_CA_CONFIG_MAP = "kube-root-ca.crt";
    static final String VOLUME_PREFIX = "kube-api-access-";
    /** Kubernetes' default lifetime of the mounted token: an hour and some seconds, so it is told apart. */
    static final long TOKEN_SECONDS = 3607;
    private static final String DEFAULT_ACCOUNT = "default";
    private static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    /** Finds a service account (namespace, name), as stored. */
    interface Accounts {
        Optional<ObjectNode> find(String namespace, String name);
    }

    private final Accounts accounts;
    private final boolean mountTokens;

    ServiceAccountAdmission(Accounts accounts, boolean mountTokens) {
        this.accounts = accounts;
        this.mountTokens = mountTokens;
    }

    /** @throws ApiException 403 when the pod names a service account that does not exist */
    void admit(ObjectNode pod, String namespace) {
        if (pod.path("metadata").path("annotations").has(MIRROR_ANNOTATION)) {
            return; // a static pod's mirror: the kubelet runs it without API credentials
        }
        ObjectNode spec = Json.objectField(pod, "spec");
        String name = accountName(spec);
        spec.put("serviceAccountName", name);
        spec.put("serviceAccount", name); // the deprecated alias, as Kubernetes keeps it
        Optional<ObjectNode> account = accounts.find(namespace, name);
        if (account.isEmpty() && !DEFAULT_ACCOUNT.equals(name)) {
            throw ApiException.forbidden("", "pods", ObjectMeta.name(pod), "pods \"" + ObjectMeta.name(pod)
                    + "\" is forbidden: error looking up service account " + namespace + "/" + name
                    + ": serviceaccount \"" + name + "\" not found");
        }
        if (mountTokens && automount(spec, account) && !mountsCredentialsAlready(spec)) {
            mountCredentials(spec);
        }
    }

    private static String accountName(ObjectNode spec) {
        String named = spec.path("serviceAccountName").asText("");
        if (named.isEmpty()) {
            named = spec.path("serviceAccount").asText("");
        }
        return named.isEmpty() ? DEFAULT_ACCOUNT : named;
    }

    /** The pod's own choice wins over its service account's; both unset means yes. */
    private static boolean automount(ObjectNode spec, Optional<ObjectNode> account) {
        JsonNode own = spec.get("automountServiceAccountToken");
        if (own != null && own.isBoolean()) {
            return own.booleanValue();
        }
        JsonNode accounts = account.map(a -> a.get("automountServiceAccountToken")).orElse(null);
        return accounts == null || !accounts.isBoolean() || accounts.booleanValue();
    }

    /** A pod that already carries a kube-api-access volume (a re-admitted manifest) is left as it is. */
    private static boolean mountsCredentialsAlready(ObjectNode spec) {
        for (JsonNode volume : spec.path("volumes")) {
            if (volume.path("name").asText("").startsWith(VOLUME_PREFIX) && volume.has("projected")) {
                return true;
            }
        }
        return false;
    }

    private static void mountCredentials(ObjectNode spec) {
        String volumeName = VOLUME_PREFIX + ObjectMeta.randomSuffix();
        boolean mounted = false;
        for (String list : new String[] {"initContainers", "containers"}) {
            for (JsonNode container : spec.path(list)) {
                if (container instanceof ObjectNode c && !hasMountAt(c, MOUNT_PATH)) {
                    ArrayNode mounts = c.path("volumeMounts") instanceof ArrayNode a ? a : c.putArray("volumeMounts");
                    mounts.addObject().put("name", volumeName).put("readOnly", true).put("mountPath", MOUNT_PATH);
                    mounted = true;
                }
            }
        }
        if (!mounted) {
            return; // every container brought its own credentials
        }
        ArrayNode volumes = spec.path("volumes") instanceof ArrayNode a ? a : spec.putArray("volumes");
        ObjectNode projected = volumes.addObject().put("name", volumeName).putObject("projected");
        projected.put("defaultMode", 420);
        ArrayNode sources = projected.putArray("sources");
        sources.addObject().putObject("serviceAccountToken").put("expirationSeconds", TOKEN_SECONDS).put("path", "token");
        ObjectNode caMap = sources.addObject().putObject("configMap").put("name", ROOT_CA_CONFIG_MAP);
        caMap.putArray("items").addObject().put("key", "ca.crt").put("path", "ca.crt");
        ObjectNode namespaceItem = sources.addObject().putObject("downwardAPI").putArray("items").addObject()
                .put("path", "namespace");
        namespaceItem.putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
    }

    private static boolean hasMountAt(ObjectNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (path.equals(mount.path("mountPath").asText())) {
                return true;
            }
        }
        return false;
    }
}
