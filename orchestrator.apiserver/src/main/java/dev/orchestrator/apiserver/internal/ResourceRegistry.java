package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orchestrator.apiserver.internal.validation.QuotaValidation;
import dev.orchestrator.apiserver.internal.validation.ConfigDataValidation;
import dev.orchestrator.apiserver.internal.validation.EventValidation;
import dev.orchestrator.apiserver.internal.validation.LeaseValidation;
import dev.orchestrator.apiserver.internal.validation.RuntimeClassValidation;
import dev.orchestrator.apiserver.internal.validation.NodeValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every resource the server serves, by group-version and plural name: those kept in the store, and those
 * computed at each read (the read-only {@code metrics.k8s.io} resources, {@link MetricsTypes}).
 */
final class ResourceRegistry {

    private final Map<String, ResourceType> byPath = new LinkedHashMap<>();
    private final Map<String, ResourceType> computed = new LinkedHashMap<>();
    /** The first registered (preferred) version of each built-in group/plural. */
    private final Map<String, ResourceType> preferredBuiltIn = new java.util.HashMap<>();
    /** The custom resources, replaced whole on each change of the CRDs (copy-on-write; readers never lock). */
    private volatile CustomResources custom = CustomResources.NONE;
    private volatile Runnable customRefresh = () -> { };

    ResourceRegistry() {
        this(java.util.Optional::empty);
    }

    /** @param requester the user of the request being served, for the resources that record who asked (CSRs) */
    ResourceRegistry(java.util.function.Supplier<Optional<dev.orchestrator.apiserver.internal.auth.UserInfo>> requester) {
        builtIns().forEach(t -> byPath.put(t.apiVersion() + "/" + t.plural(), t));
        ResourceType csr = CertificateSigningRequests.type(requester);
        byPath.put(csr.apiVersion() + "/" + csr.plural(), csr);
        RbacTypes.all().forEach(t -> byPath.put(t.apiVersion() + "/" + t.plural(), t));
        // second versions of stored resources, after their stored (preferred) version
        servedAs(find("autoscaling", "v2", "horizontalpodautoscalers").orElseThrow(), "v1", new HpaV1Conversion());
        MetricsTypes.all().forEach(t -> computed.put(t.apiVersion() + "/" + t.plural(), t));
        computed.put(ComponentStatuses.TYPE.apiVersion() + "/" + ComponentStatuses.TYPE.plural(), ComponentStatuses.TYPE);
        ReviewTypes.all().forEach(t -> computed.put(t.apiVersion() + "/" + t.plural(), t));
        AccessReviews.TYPES.forEach(t -> computed.put(t.apiVersion() + "/" + t.plural(), t));
        byPath.values().forEach(t -> preferredBuiltIn.putIfAbsent(t.group() + "/" + t.plural(), t));
    }

    private void servedAs(ResourceType stored, String version, VersionConverter conversion) {
        ResourceType view = stored.servedAs(version, conversion);
        byPath.put(view.apiVersion() + "/" + view.plural(), view);
    }

    /** The resource as stored: {@code type} itself, or for a converted version the stored version's type. */
    ResourceType storedFormOf(ResourceType type) {
        return type.conversion().map(c -> {
            String key = type.group() + "/" + c.storedVersion() + "/" + type.plural();
            ResourceType storedOnly = custom.storedForms().get(key);
            return storedOnly != null ? storedOnly : find(type.group(), c.storedVersion(), type.plural()).orElseThrow(
                    () -> ApiException.notFound("the server could not find the requested resource (" + type.plural()
                            + " in " + type.apiVersion() + " are no longer stored)"));
        }).orElse(type);
    }

    /** A served resource, stored, custom or computed. */
    Optional<ResourceType> find(String group, String version, String plural) {
        String key = (group.isEmpty() ? version : group + "/" + version) + "/" + plural;
        ResourceType stored = byPath.get(key);
        if (stored == null) {
            stored = custom.served().get(key);
        }
        return Optional.ofNullable(stored != null ? stored : computed.get(key));
    }

    /** Replaces the custom resources (from the stored CRDs); requests in progress keep the set they found. */
    void setCustom(CustomResources resources) {
        custom = resources;
    }

    CustomResources custom() {
        return custom;
    }

    /** What re-reads the CRDs at once (so that a client that wrote a CRD finds its resource served). */
    void onCustomRefresh(Runnable refresh) {
        customRefresh = refresh;
    }

    /** After a write of a CRD: the custom resources are rebuilt before the response goes out. */
    void refreshCustom() {
        customRefresh.run();
    }

    /** Whether a resource is computed at each read rather than kept in the store. */
    boolean isComputed(ResourceType type) {
        return computed.containsKey(type.apiVersion() + "/" + type.plural());
    }

    /** A stored resource in its preferred version (the first registered), built-in before custom. */
    Optional<ResourceType> preferred(String group, String plural) {
        ResourceType builtIn = preferredBuiltIn.get(group + "/" + plural);
        return builtIn != null ? Optional.of(builtIn) : custom.served().values().stream()
                .filter(t -> t.group().equals(group) && t.plural().equals(plural)).findFirst();
    }

    /** The stored resources, built-in then custom. */
    List<ResourceType> all() {
        return stored().toList();
    }

    /** The group-versions of built-in resources, core ("v1") first, in registration order. */
    List<String> builtInGroupVersions() {
        return byPath.values().stream().map(ResourceType::apiVersion).distinct().toList();
    }

    /** The group-versions of stored resources, core ("v1") first, in registration order, then the custom ones. */
    List<String> groupVersions() {
        return stored().map(ResourceType::apiVersion).distinct().toList();
    }

    /** The stored resources of a group-version. */
    List<ResourceType> in(String apiVersion) {
        return stored().filter(t -> t.apiVersion().equals(apiVersion)).toList();
    }

    /**
     * The kinds the OpenAPI schemas of a group-version carry, for {@code kubectl explain}: its stored resources and
     * those computed in it (ComponentStatus in {@code v1}).
     */
    List<ResourceType> documented(String apiVersion) {
        return java.util.stream.Stream.concat(in(apiVersion).stream(),
                computed.values().stream().filter(t -> t.apiVersion().equals(apiVersion))).toList();
    }

    private java.util.stream.Stream<ResourceType> stored() {
        return java.util.stream.Stream.concat(byPath.values().stream(), custom.served().values().stream());
    }

    /** Every group-version discovery advertises: those of stored resources, then those of computed ones. */
    List<String> servedGroupVersions() {
        return served().map(ResourceType::apiVersion).distinct().toList();
    }

    /** Every resource of a group-version that discovery advertises. */
    List<ResourceType> servedIn(String apiVersion) {
        return served().filter(t -> t.apiVersion().equals(apiVersion)).toList();
    }

    private java.util.stream.Stream<ResourceType> served() {
        return java.util.stream.Stream.concat(stored(), computed.values().stream());
    }

    private static List<ResourceType> builtIns() {
        TableColumns plain = TableColumns.named().build();
        return List.of(
                type("", "namespaces", "Namespace", false, List.of("ns"), List.of(), Set.of("status", "finalize"),
                        WorkloadStrategies.NAMESPACE,
                        TableColumns.named().column("Status", "The namespace phase.",
                                o -> o.path("status").path("phase").asText("")).build()),
                type("", "pods", "Pod", true, List.of("po"), List.of("all"), Set.of("status", "binding", "eviction", "log", "exec", "attach",
                        "portforward", "ephemeralcontainers"),
                        new PodStrategy(),
                        TableColumns.named()
                                .column("Ready", "Ready containers of all containers.", PodStrategy::ready)
                                .column("Status", "The aggregate status of the containers.", PodStrategy::status)
                                .number("Restarts", "Container restarts.", PodStrategy::restarts)
                                .wide("IP", "Pod IP.", o -> TableColumns.orNone(o.path("status").path("podIP").asText("")))
                                .wide("Node", "Node the pod runs on.",
                                        o -> TableColumns.orNone(o.path("spec").path("nodeName").asText("")))
                                .build()),
                type("", "nodes", "Node", false, List.of("no"), List.of(), Set.of("status"), NODE,
                        TableColumns.named()
                                .column("Status", "Node readiness.", ResourceRegistry::nodeStatus)
                                .column("Roles", "Node roles from labels.", ResourceRegistry::nodeRoles)
                                .age()
                                .column("Version", "Kubelet version.",
                                        o -> o.path("status").path("nodeInfo").path("kubeletVersion").asText(""))
                                .wide("Internal-IP", "Internal address.", o -> nodeAddress(o, "InternalIP"))
                                .wide("External-IP", "External address.", o -> nodeAddress(o, "ExternalIP"))
                                .wide("OS-Image", "Operating system image.",
                                        o -> o.path("status").path("nodeInfo").path("osImage").asText("<unknown>"))
                                .wide("Kernel-Version", "Kernel version.",
                                        o -> o.path("status").path("nodeInfo").path("kernelVersion").asText("<unknown>"))
                                .wide("Container-Runtime", "Container runtime and its version.",
                                        o -> o.path("status").path("nodeInfo").path("containerRuntimeVersion").asText("<unknown>"))
                                .build()),
                type("", "services", "Service", true, List.of("svc"), List.of("all"), Set.of("status"),
                        new ServiceStrategy(),
                        TableColumns.named()
                                .column("Type", "Service type.", o -> o.path("spec").path("type").asText(""))
                                .column("Cluster-IP", "Cluster IP.", o -> o.path("spec").path("clusterIP").asText("<none>"))
                                .column("External-IP", "External IPs.", ResourceRegistry::externalIps)
                                .column("Port(s)", "Service ports.", ServiceStrategy::ports)
                                .wide("Selector", "Pod selector.", o -> selectorText(o.path("spec").path("selector")))
                                .build()),
                type("", "endpoints", "Endpoints", true, List.of("ep"), List.of(), Set.of(), EndpointsStrategy.ENDPOINTS,
                        TableColumns.named().column("Endpoints", "Addresses and ports.", ResourceRegistry::endpoints).build()),
                type("", "configmaps", "ConfigMap", true, List.of("cm"), List.of(), Set.of(),
                        ValidatedStrategy.of(ConfigDataValidation::validateConfigMap,
                                (cm, old, errors) -> ConfigDataValidation.validateConfigMapUpdate(cm, old, errors)),
                        TableColumns.named().number("Data", "Number of entries.",
                                o -> o.path("data").size() + o.path("binaryData").size()).build()),
                type("", "secrets", "Secret", true, List.of(), List.of(), Set.of(), new SecretStrategy(),
                        TableColumns.named().column("Type", "Secret type.", o -> o.path("type").asText(""))
                                .number("Data", "Number of entries.", o -> o.path("data").size()).build()),
                type("", "serviceaccounts", "ServiceAccount", true, List.of("sa"), List.of(), Set.of("token"),
                        ResourceStrategy.PLAIN, plain),
                // enforced by the ResourceQuota admission, status kept by the quota controller (orchestrator.controllers)
                type("", "resourcequotas", "ResourceQuota", true, List.of("quota"), List.of(), Set.of("status"),
                        ValidatedStrategy.of(QuotaValidation::validateResourceQuota), plain),
                // enforced by the LimitRanger admission
                type("", "limitranges", "LimitRange", true, List.of("limits"), List.of(), Set.of(),
                        ValidatedStrategy.of(QuotaValidation::validateLimitRange), plain),
                type("", "persistentvolumes", "PersistentVolume", false, List.of("pv"), List.of(), Set.of("status"),
                        VolumeStrategies.VOLUME,
                        TableColumns.named()
                                .column("Capacity", "Its size.", o -> o.path("spec").path("capacity").path("storage").asText(""))
                                .column("Access Modes", "How it may be mounted.",
                                        o -> VolumeStrategies.accessModes(o.path("spec").path("accessModes")))
                                .column("Reclaim Policy", "What happens when its claim goes.",
                                        o -> o.path("spec").path("persistentVolumeReclaimPolicy").asText(""))
                                .column("Status", "Its phase.", VolumeStrategies::phaseShown)
                                .column("Claim", "The claim bound to it.", VolumeStrategies::claimOf)
                                .column("StorageClass", "Its class.", o -> o.path("spec").path("storageClassName").asText(""))
                                .column("VolumeAttributesClass", "Its attributes class.", o -> "<unset>")
                                .column("Reason", "Why it is in its phase.", o -> o.path("status").path("reason").asText(""))
                                .build()),
                type("", "persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), List.of(),
                        Set.of("status"), VolumeStrategies.CLAIM,
                        TableColumns.named()
                                .column("Status", "Its phase.", VolumeStrategies::phaseShown)
                                .column("Volume", "The volume bound to it.", o -> o.path("spec").path("volumeName").asText(""))
                                .column("Capacity", "The bound volume's size.",
                                        o -> o.path("status").path("capacity").path("storage").asText(""))
                                .column("Access Modes", "How the bound volume may be mounted.",
                                        o -> VolumeStrategies.accessModes(o.path("status").path("accessModes")))
                                .column("StorageClass", "Its class.", o -> o.path("spec").path("storageClassName").asText(""))
                                .column("VolumeAttributesClass", "Its attributes class.", o -> "<unset>")
                                .build()),
                type("", "events", "Event", true, List.of("ev"), List.of(), Set.of(),
                        ValidatedStrategy.of(EventValidation::validateCoreEvent),
                        TableColumns.named()
                                .column("Type", "Event type.", o -> o.path("type").asText(""))
                                .column("Reason", "Why.", o -> o.path("reason").asText(""))
                                .column("Object", "The object the event is about.", o -> o.path("involvedObject")
                                        .path("kind").asText("").toLowerCase() + "/" + o.path("involvedObject").path("name").asText(""))
                                .column("Message", "What happened.", o -> o.path("message").asText(""))
                                .build()),
                type("apps", "deployments", "Deployment", true, List.of("deploy"), List.of("all"), Set.of("status", "scale"),
                        WorkloadStrategies.DEPLOYMENT,
                        TableColumns.named()
                                .column("Ready", "Ready replicas of desired.", o -> o.path("status").path("readyReplicas").asInt(0)
                                        + "/" + o.path("spec").path("replicas").asInt(0))
                                .number("Up-to-date", "Updated replicas.", o -> o.path("status").path("updatedReplicas").asInt(0))
                                .number("Available", "Available replicas.", o -> o.path("status").path("availableReplicas").asInt(0))
                                .wide("Containers", "Container names.", ResourceRegistry::containerNames)
                                .wide("Images", "Container images.", ResourceRegistry::images)
                                .wide("Selector", "Pod selector.", o -> selectorText(o.path("spec").path("selector").path("matchLabels")))
                                .build()),
                type("apps", "replicasets", "ReplicaSet", true, List.of("rs"), List.of("all"), Set.of("status", "scale"),
                        WorkloadStrategies.REPLICA_SET,
                        TableColumns.named()
                                .number("Desired", "Desired replicas.", o -> o.path("spec").path("replicas").asInt(0))
                                .number("Current", "Current replicas.", o -> o.path("status").path("replicas").asInt(0))
                                .number("Ready", "Ready replicas.", o -> o.path("status").path("readyReplicas").asInt(0))
                                .wide("Containers", "Container names.", ResourceRegistry::containerNames)
                                .wide("Images", "Container images.", ResourceRegistry::images)
                                .build()),
                type("apps", "statefulsets", "StatefulSet", true, List.of("sts"), List.of("all"), Set.of("status", "scale"),
                        StatefulSetStrategy.STATEFUL_SET,
                        TableColumns.named()
                                .column("Ready", "Ready replicas of desired.", o -> o.path("status").path("readyReplicas").asInt(0)
                                        + "/" + o.path("spec").path("replicas").asInt(0))
                                .wide("Containers", "Container names.", ResourceRegistry::containerNames)
                                .wide("Images", "Container images.", ResourceRegistry::images)
                                .build()),
                type("apps", "daemonsets", "DaemonSet", true, List.of("ds"), List.of("all"), Set.of("status"),
                        DaemonSetStrategy.DAEMON_SET,
                        TableColumns.named()
                                .number("Desired", "Nodes that should run the daemon pod.",
                                        o -> o.path("status").path("desiredNumberScheduled").asInt(0))
                                .number("Current", "Nodes running at least one daemon pod.",
                                        o -> o.path("status").path("currentNumberScheduled").asInt(0))
                                .number("Ready", "Nodes whose daemon pod is ready.",
                                        o -> o.path("status").path("numberReady").asInt(0))
                                .number("Up-to-date", "Nodes running the daemon pod of the current template.",
                                        o -> o.path("status").path("updatedNumberScheduled").asInt(0))
                                .number("Available", "Nodes whose daemon pod is available.",
                                        o -> o.path("status").path("numberAvailable").asInt(0))
                                .column("Node Selector", "The node selector of the pod template.",
                                        o -> selectorText(o.path("spec").path("template").path("spec").path("nodeSelector")))
                                .wide("Containers", "Container names.", ResourceRegistry::containerNames)
                                .wide("Images", "Container images.", ResourceRegistry::images)
                                .wide("Selector", "Pod selector.", o -> selectorText(o.path("spec").path("selector").path("matchLabels")))
                                .build()),
                type("apps", "controllerrevisions", "ControllerRevision", true, List.of(), List.of(), Set.of(),
                        ControllerRevisionStrategy.CONTROLLER_REVISION,
                        TableColumns.named()
                                .column("Controller", "The object this revision belongs to.", ResourceRegistry::revisionController)
                                .number("Revision", "The revision number.", o -> o.path("revision").asInt(0))
                                .build()),
                type("batch", "jobs", "Job", true, List.of(), List.of("all"), Set.of("status"), WorkloadStrategies.JOB,
                        TableColumns.named()
                                .column("Status", "Job state.", ResourceRegistry::jobStatus)
                                .column("Completions", "The desired number of successfully finished pods the job should be "
                                        + "run with.", ResourceRegistry::jobCompletions)
                                .column("Duration", "Time required to complete the job.", ResourceRegistry::jobDuration)
                                .build()),
                type("batch", "cronjobs", "CronJob", true, List.of("cj"), List.of("all"), Set.of("status"),
                        WorkloadStrategies.CRON_JOB,
                        TableColumns.named()
                                .column("Schedule", "The schedule in Cron format.", o -> o.path("spec").path("schedule").asText(""))
                                .column("Timezone", "The time zone of the schedule.",
                                        o -> TableColumns.orNone(o.path("spec").path("timeZone").asText("")))
                                .column("Suspend", "Whether new Jobs are held back.",
                                        o -> o.path("spec").path("suspend").asBoolean(false) ? "True" : "False")
                                .number("Active", "Running Jobs.", o -> o.path("status").path("active").size())
                                .column("Last Schedule", "When a Job was last scheduled.", ResourceRegistry::lastSchedule)
                                .wide("Containers", "Container names.", o -> TableColumns.joined(jobPodSpec(o).path("containers"),
                                        c -> c.path("name").asText()))
                                .wide("Images", "Container images.", o -> TableColumns.joined(jobPodSpec(o).path("containers"),
                                        c -> c.path("image").asText()))
                                .wide("Selector", "Job selector.", o -> selectorText(o.path("spec").path("jobTemplate")
                                        .path("spec").path("selector").path("matchLabels")))
                                .build()),
                type("policy", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"), List.of(),
                        Set.of("status"), DisruptionBudgets.STRATEGY, DisruptionBudgets.COLUMNS),
                new ResourceType("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler",
                        "HorizontalPodAutoscaler", true, List.of("hpa"), List.of("all"), Set.of("status"), new HpaStrategy(),
                        TableColumns.named()
                                .column("Reference", "The target of the scaling.", HpaStrategy::reference)
                                .column("Targets", "Current and target values of the metrics.", HpaStrategy::targets)
                                .column("MinPods", "The lower limit of replicas.", o -> o.path("spec").has("minReplicas")
                                        ? o.path("spec").path("minReplicas").asText() : "<unset>")
                                .number("MaxPods", "The upper limit of replicas.",
                                        o -> o.path("spec").path("maxReplicas").asInt(0))
                                .number("Replicas", "Current replicas.",
                                        o -> o.path("status").path("currentReplicas").asInt(0))
                                .build(), ResourceType.VERBS),
                type("coordination.k8s.io", "leases", "Lease", true, List.of(), List.of(), Set.of(),
                        ValidatedStrategy.of(LeaseValidation::validate),
                        TableColumns.named().column("Holder", "Current holder.",
                                o -> o.path("spec").path("holderIdentity").asText("")).build()),
                type("discovery.k8s.io", "endpointslices", "EndpointSlice", true, List.of(), List.of(), Set.of(),
                        EndpointsStrategy.ENDPOINT_SLICES,
                        TableColumns.named()
                                .column("AddressType", "Address family.", o -> o.path("addressType").asText(""))
                                .column("Ports", "Ports.", o -> TableColumns.joined(o.path("ports"), p -> p.path("port").asText()))
                                .column("Endpoints", "Addresses.", o -> TableColumns.joined(o.path("endpoints"),
                                        e -> TableColumns.joined(e.path("addresses"), JsonNode::asText)))
                                .build()),
                type("apiextensions.k8s.io", "customresourcedefinitions", "CustomResourceDefinition", false,
                        List.of("crd", "crds"), List.of("api-extensions"), Set.of("status"), new CrdStrategy(),
                        TableColumns.named().withoutAge().column("Created At", "When the definition was created.",
                                o -> Json.text(o.path("metadata"), "creationTimestamp")).build()),
                type("networking.k8s.io", "ingresses", "Ingress", true, List.of("ing"), List.of(), Set.of("status"),
                        NetworkingStrategies.INGRESS,
                        TableColumns.named()
                                .column("Class", "The ingress class.",
                                        o -> TableColumns.orNone(o.path("spec").path("ingressClassName").asText("")))
                                .column("Hosts", "Hosts served.", NetworkingStrategies::ingressHosts)
                                .column("Address", "Where the ingress controller serves it.",
                                        NetworkingStrategies::ingressAddress)
                                .column("Ports", "Ports served.", NetworkingStrategies::ingressPorts)
                                .build()),
                type("networking.k8s.io", "ingressclasses", "IngressClass", false, List.of(), List.of(), Set.of(),
                        NetworkingStrategies.INGRESS_CLASS,
                        TableColumns.named()
                                .column("Controller", "The controller serving the class.",
                                        o -> o.path("spec").path("controller").asText(""))
                                .column("Parameters", "The class's parameters.", o -> o.path("spec").has("parameters")
                                        ? o.path("spec").path("parameters").path("kind").asText("") + "/"
                                                + o.path("spec").path("parameters").path("name").asText("") : "<none>")
                                .build()),
                type("networking.k8s.io", "networkpolicies", "NetworkPolicy", true, List.of("netpol"), List.of(), Set.of(),
                        NetworkingStrategies.NETWORK_POLICY,
                        TableColumns.named()
                                .column("Pod-Selector", "The pods the policy selects.",
                                        o -> selectorText(o.path("spec").path("podSelector").path("matchLabels"))
                                                .replace("<none>", ""))
                                .build()),
                type("scheduling.k8s.io", "priorityclasses", "PriorityClass", false, List.of("pc"), List.of(), Set.of(),
                        PriorityClasses.STRATEGY,
                        TableColumns.named()
                                .number("Value", "The priority of the class's pods.", o -> o.path("value").asLong(0))
                                .column("Global-Default", "Whether pods naming no class get this one.",
                                        o -> o.path("globalDefault").asBoolean(false) ? "true" : "false")
                                .age()
                                .column("PreemptionPolicy", "Whether the class's pods may preempt lower ones.",
                                        o -> o.path("preemptionPolicy").asText(""))
                                .build()),
                type("storage.k8s.io", "storageclasses", "StorageClass", false, List.of("sc"), List.of(), Set.of(),
                        VolumeStrategies.STORAGE_CLASS,
                        TableColumns.named()
                                .name(o -> Json.text(o.path("metadata"), "name") + ("true".equals(o.path("metadata")
                                        .path("annotations").path(VolumeStrategies.DEFAULT_CLASS_ANNOTATION).asText()) ? " (default)" : ""))
                                .column("Provisioner", "Who makes its volumes.", o -> o.path("provisioner").asText(""))
                                .column("ReclaimPolicy", "What happens to a volume when its claim goes.",
                                        o -> o.path("reclaimPolicy").asText(""))
                                .column("VolumeBindingMode", "When a claim is bound.",
                                        o -> o.path("volumeBindingMode").asText(""))
                                .column("AllowVolumeExpansion", "Whether claims may grow.",
                                        o -> o.path("allowVolumeExpansion").asBoolean(false) ? "true" : "false")
                                .build()),
                type("node.k8s.io", "runtimeclasses", "RuntimeClass", false, List.of(), List.of(), Set.of(),
                        ValidatedStrategy.of(RuntimeClassValidation::validate, RuntimeClassValidation::validateUpdate),
                        TableColumns.named().column("Handler", "The runtime handler on the nodes.",
                                o -> o.path("handler").asText("")).age().build()),
                type("events.k8s.io", "events", "Event", true, List.of("ev"), List.of(), Set.of(),
                        ValidatedStrategy.of(EventValidation::validateEvent),
                        TableColumns.named()
                                .column("Type", "Event type.", o -> o.path("type").asText(""))
                                .column("Reason", "Why.", o -> o.path("reason").asText(""))
                                .column("Object", "The object the event is about.", o -> o.path("regarding")
                                        .path("kind").asText("").toLowerCase() + "/" + o.path("regarding").path("name").asText(""))
                                .column("Message", "What happened.", o -> o.path("note").asText(""))
                                .build()));
    }

    /** Nodes: spec and status are validated on every write (Kubernetes checks a node's status on each). */
    private static final ResourceStrategy NODE = ValidatedStrategy.of(NodeValidation::validate, NodeValidation::validateUpdate);

    private static ResourceType type(String group, String plural, String kind, boolean namespaced,
                                     List<String> shortNames, List<String> categories, Set<String> subresources,
                                     ResourceStrategy strategy, TableColumns table) {
        return new ResourceType(group, "v1", plural, kind.toLowerCase(), kind, namespaced, shortNames, categories,
                subresources, strategy, table, ResourceType.VERBS);
    }

    private static String nodeStatus(com.fasterxml.jackson.databind.node.ObjectNode node) {
        String ready = "Unknown";
        for (JsonNode c : node.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asText())) {
                ready = "True".equals(c.path("status").asText()) ? "Ready" : "NotReady";
            }
        }
        return node.path("spec").path("unschedulable").asBoolean() ? ready + ",SchedulingDisabled" : ready;
    }

    private static String nodeRoles(com.fasterxml.jackson.databind.node.ObjectNode node) {
        List<String> roles = new ArrayList<>();
        node.path("metadata").path("labels").fieldNames().forEachRemaining(k -> {
            if (k.startsWith("node-role.kubernetes.io/")) {
                roles.add(k.substring("node-role.kubernetes.io/".length()));
            }
        });
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String nodeAddress(com.fasterxml.jackson.databind.node.ObjectNode node, String type) {
        for (JsonNode a : node.path("status").path("addresses")) {
            if (type.equals(a.path("type").asText())) {
                return a.path("address").asText();
            }
        }
        return "<none>";
    }

    private static String externalIps(com.fasterxml.jackson.databind.node.ObjectNode service) {
        List<String> ips = new ArrayList<>();
        service.path("spec").path("externalIPs").forEach(ip -> ips.add(ip.asText()));
        service.path("status").path("loadBalancer").path("ingress").forEach(i -> ips.add(i.path("ip").asText()));
        if (ips.isEmpty()) {
            return "LoadBalancer".equals(service.path("spec").path("type").asText()) ? "<pending>" : "<none>";
        }
        return String.join(",", ips);
    }

    private static String endpoints(com.fasterxml.jackson.databind.node.ObjectNode endpoints) {
        List<String> all = new ArrayList<>();
        for (JsonNode subset : endpoints.path("subsets")) {
            for (JsonNode address : subset.path("addresses")) {
                for (JsonNode port : subset.path("ports")) {
                    all.add(address.path("ip").asText() + ":" + port.path("port").asText());
                }
            }
        }
        return all.isEmpty() ? "<none>" : String.join(",", all);
    }

    private static String containerNames(com.fasterxml.jackson.databind.node.ObjectNode o) {
        return TableColumns.joined(o.path("spec").path("template").path("spec").path("containers"), c -> c.path("name").asText());
    }

    private static String images(com.fasterxml.jackson.databind.node.ObjectNode o) {
        return TableColumns.joined(o.path("spec").path("template").path("spec").path("containers"), c -> c.path("image").asText());
    }

    /** kubectl's CONTROLLER of a ControllerRevision: {@code <kind>.<group>/<name>} of its controller, or {@code <none>}. */
    private static String revisionController(com.fasterxml.jackson.databind.node.ObjectNode revision) {
        for (JsonNode ref : revision.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                String apiVersion = ref.path("apiVersion").asText("");
                String group = apiVersion.contains("/") ? "." + apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                return ref.path("kind").asText("").toLowerCase() + group + "/" + ref.path("name").asText("");
            }
        }
        return "<none>";
    }

    /** kubectl's STATUS of a Job: its terminal condition, else Terminating, Suspended or Running. */
    private static String jobStatus(com.fasterxml.jackson.databind.node.ObjectNode job) {
        for (String type : List.of("Complete", "Failed")) {
            if (jobCondition(job, type)) {
                return type;
            }
        }
        if (job.path("metadata").hasNonNull("deletionTimestamp")) {
            return "Terminating";
        }
        if (jobCondition(job, "Suspended")) {
            return "Suspended";
        }
        return jobCondition(job, "FailureTarget") ? "FailureTarget" : "Running";
    }

    private static boolean jobCondition(JsonNode job, String type) {
        for (JsonNode c : job.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                return true;
            }
        }
        return false;
    }

    /** kubectl's COMPLETIONS: succeeded/completions, or for a work queue (no completions) "n/1 of parallelism". */
    static String jobCompletions(JsonNode job) {
        int succeeded = job.path("status").path("succeeded").asInt(0);
        JsonNode completions = job.path("spec").path("completions");
        if (completions.isIntegralNumber()) {
            return succeeded + "/" + completions.asInt();
        }
        int parallelism = job.path("spec").path("parallelism").asInt(1);
        return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }

    /** kubectl's DURATION: completionTime - startTime, or the time since startTime while the job runs. */
    static String jobDuration(JsonNode job) {
        String start = job.path("status").path("startTime").asText("");
        if (start.isEmpty()) {
            return "";
        }
        try {
            java.time.Instant from = java.time.Instant.parse(start);
            String end = job.path("status").path("completionTime").asText("");
            java.time.Instant to = end.isEmpty() ? java.time.Instant.now() : java.time.Instant.parse(end);
            return Ages.format(java.time.Duration.between(from, to));
        } catch (java.time.format.DateTimeParseException e) {
            return "<invalid>";
        }
    }

    static String selectorText(JsonNode labels) {
        List<String> parts = new ArrayList<>();
        labels.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
        return parts.isEmpty() ? "<none>" : String.join(",", parts);
    }

    private static JsonNode jobPodSpec(com.fasterxml.jackson.databind.node.ObjectNode cronJob) {
        return cronJob.path("spec").path("jobTemplate").path("spec").path("template").path("spec");
    }

    /** kubectl's LAST SCHEDULE: the time since status.lastScheduleTime, {@code <none>} before the first Job. */
    private static String lastSchedule(com.fasterxml.jackson.databind.node.ObjectNode cronJob) {
        String last = cronJob.path("status").path("lastScheduleTime").asText("");
        return last.isEmpty() ? "<none>" : Ages.since(last);
    }
}
