package dev.orchestrator.apiserver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.apiserver.internal.kubeletclient.KubeletTransport;
import dev.orchestrator.apiserver.internal.auth.ServiceAccountTokens;
import dev.orchestrator.apiserver.internal.authz.RequestAttributes;
import dev.orchestrator.apiserver.internal.monitoring.RequestLabels;
import dev.orchestrator.apiserver.internal.monitoring.RequestMetrics;
import dev.orchestrator.http.websocket.ServerWebSocket;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes REST API over HTTP: routes each request to discovery or to the handler of
 * its verb, and turns every failure into a {@code metav1.Status} with the right code.
 */
final class ApiServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    /** Request attribute: the request's {@link RequestMetrics.Observation}. */
    private static final String OBSERVATION = RequestMetrics.Observation.class.getName();

    private final transient ResourceRegistry registry;
    private final transient ObjectStorage storage;
    private final transient ObjectWrites writes;
    private final transient Subresources subresources;
    private final transient PodEvictions evictions;
    private final transient PodLogProxy podLogs;
    private final transient PodStreamProxy podStreams;
    private final transient Discovery discovery;
    private final transient OpenApi openApi;
    private final transient WatchCache watchCache;
    private final transient InflightLimiter limiter;
    private final transient java.util.concurrent.ScheduledExecutorService watchTimer;
    private final transient java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
    private final transient FieldValidation fieldValidation;
    private final transient TypedDecoding typed;
    private final transient int maxBodyBytes;
    private final transient int maxWatches;
    private final transient java.util.concurrent.Semaphore watchSlots;
    private final transient String gitVersion;
    private final transient ObjectNode version;
    private final transient MetricsReadings metrics;
    private final transient TokenRequests tokenRequests;
    private final transient Schemas schemas;
    private final transient TokenReviews tokenReviews;
    private final transient RequestAuthorization authorization;
    private final transient RequestMetrics requestMetrics;
    private final transient HealthChecks health;
    private final transient ComponentStatuses componentStatuses;

    ApiServlet(ResourceRegistry registry, Schemas schemas, TypedDecoding typed, ObjectStorage storage,
               ObjectWrites writes, WatchCache watchCache, InflightLimiter limiter,
               java.util.concurrent.ScheduledExecutorService watchTimer, int maxBodyBytes, int maxWatches,
               String gitVersion, MetricsReadings metrics, ServiceAccountTokens serviceAccountTokens,
               RequestAuthorization authorization, KubeletTransport kubelets, RequestMetrics requestMetrics) {
        this.requestMetrics = requestMetrics;
        this.metrics = metrics;
        this.authorization = authorization;
        this.tokenRequests = new TokenRequests(storage, registry, serviceAccountTokens);
        this.schemas = schemas;
        this.maxWatches = maxWatches;
        this.watchSlots = new java.util.concurrent.Semaphore(maxWatches);
        this.watchTimer = watchTimer;
        this.watchCache = watchCache;
        this.limiter = limiter;
        this.registry = registry;
        this.storage = storage;
        this.health = new HealthChecks(storage::currentRevision);
        ResourceType leases = registry.find("coordination.k8s.io", "v1", "leases").orElseThrow();
        this.componentStatuses = new ComponentStatuses(storage::currentRevision,
                (namespace, name) -> storage.get(leases, namespace, name), java.time.Clock.systemUTC());
        this.writes = writes;
        this.subresources = new Subresources(storage);
        this.evictions = new PodEvictions(storage, writes, registry);
        this.podLogs = new PodLogProxy(storage, registry, kubelets);
        this.tokenReviews = new TokenReviews();
        this.podStreams = new PodStreamProxy(storage, registry, kubelets);
        this.discovery = new Discovery(registry);
        this.typed = typed;
        this.openApi = new OpenApi(registry, schemas, gitVersion);
        this.fieldValidation = new FieldValidation(schemas);
        this.maxBodyBytes = maxBodyBytes;
        this.gitVersion = gitVersion;
        this.version = VersionInfo.of(gitVersion);
    }

    /** Token reviews authenticate with the server's own token authentication, once it is in place. */
    void authenticateTokensWith(dev.orchestrator.apiserver.internal.auth.TokenAuthenticator tokens) {
        tokenReviews.authenticateWith(tokens);
    }
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        active.incrementAndGet();
        try {
            serviceCounted(request, response);
        } finally {
            synchronized (active) {
                active.decrementAndGet();
                active.notifyAll();
            }
        }
    }

    /**
     * Waits (at most {@code millis}) for requests in progress to finish, so that a bundle
     * update does not pull the classes from under them.
     */
    void awaitIdle(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        synchronized (active) {
            while (active.get() > 0 && System.currentTimeMillis() < deadline) {
                active.wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
        }
    }

    private void serviceCounted(HttpServletRequest received, HttpServletResponse response) throws IOException {
        boolean watch;
        HttpServletRequest request;
        try {
            // /api/v1/watch/...: served as ?watch=true
            request = LegacyWatchRequest.of(QueryOnlyRequest.of(received), registry);
            watch = QueryParameters.bool(request::getParameter, "watch") || followedLog(request);
        } catch (RuntimeException e) {
            ApiException refused = e instanceof ApiException api ? api : ContainerErrors.asClientError(e);
            RequestMetrics.Observation observed = requestMetrics.begin(RequestLabels.unreadable(received.getMethod()), false);
            try {
                sendStatus(response, refused != null ? refused : ApiException.badRequest("the query cannot be read: " + e));
            } finally {
                observed.served(response.getStatus());
            }
            return;
        }
        RequestAttributes attributes = attributesOf(request);
        RequestMetrics.Observation observed = requestMetrics.begin(RequestLabels.of(attributes, served(attributes),
                request.getMethod(), request.getContentType(), request.getParameterValues("dryRun")), watch);
        request.setAttribute(OBSERVATION, observed);
        try {
            serviceObserved(received, request, response, watch, attributes);
        } finally {
            observed.served(response.getStatus());
        }
    }

    /** What the request asks, as authorization and the metrics read it; null when its path cannot be read. */
    private RequestAttributes attributesOf(HttpServletRequest request) {
        try {
            return RequestAttributesOf.kept(request, registry);
        } catch (RuntimeException unreadable) {
            return null; // authorization reads it again and answers the error
        }
    }

    /** Whether the server serves the resource (and subresource) of a resource request, so they may be labels. */
    private boolean served(RequestAttributes attributes) {
        return attributes != null && attributes.resourceRequest()
                && registry.find(attributes.apiGroup(), attributes.apiVersion(), attributes.resource())
                        .filter(t -> attributes.subresource().isEmpty() || t.subresources().contains(attributes.subresource()))
                        .isPresent();
    }

    private void serviceObserved(HttpServletRequest received, HttpServletRequest request, HttpServletResponse response,
                                 boolean watch, RequestAttributes attributes) throws IOException {
        String client = InflightLimiter.clientOf(request);
        try {
            if (!watch) {
                limiter.acquire(client);
            }
        } catch (ApiException e) {
            sendStatus(response, e);
            return;
        }
        RequestAdmission.Notes admissionNotes = writes.admission().begin();
        try (RequestAuthorization.Scope user = authorization.admit(request, attributes)) {
            route(request, response);
        } catch (ApiException e) {
            // Read what the client still sends, so the connection stays usable for its next request.
            drainQuietly(request);
            sendStatus(response, e, admissionNotes.warnings); // a refused pod still hears what it would violate
        } catch (RuntimeException e) {
            drainQuietly(request);
            ApiException refused = ContainerErrors.asClientError(e);
            if (refused != null) {
                sendStatus(response, refused);
                return;
            }
            LOG.error("request failed method={} uri={}", request.getMethod(), request.getRequestURI(), e);
            sendStatus(response, ApiException.internal("an error on the server (" + e + ") has prevented the request "
                    + "from succeeding"));
        } finally {
            admissionNotes.close();
            if (!admissionNotes.auditAnnotations.isEmpty()) {
                received.setAttribute(dev.orchestrator.apiserver.internal.audit.AuditFilter.ANNOTATIONS_ATTRIBUTE,
                        java.util.Map.copyOf(admissionNotes.auditAnnotations));
            }
            if (!watch) {
                limiter.release(client);
            }
        }
    }

    private void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        String method = request.getMethod();
        if (path.equals("/version") || path.equals("/version/")) {
            requireGet(method);
            send(response, 200, version);
            return;
        }
        if (HealthChecks.serves(path)) {
            requireGet(method);
            String[] excluded = request.getParameterValues("exclude");
            HealthChecks.Answer answer = health.answer(path, request.getParameterMap().containsKey("verbose"),
                    excluded == null ? List.of() : List.of(excluded));
            if (answer == null) {
                throw ApiException.notFound("the server could not find the requested resource");
            }
            response.setStatus(answer.status());
            response.setContentType("text/plain; charset=utf-8");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.getOutputStream().write(answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        if (path.equals("/openapi/v2") || path.equals("/openapi/v2/")) {
            requireGet(method);
            openApiV2(request, response);
            return;
        }
        if (path.equals("/openapi/v3") || path.startsWith("/openapi/v3/")) {
            requireGet(method);
            ObjectNode doc = path.equals("/openapi/v3") ? openApi.index() : openApi.document(path.substring(12));
            if (doc == null) {
                throw ApiException.notFound("the server could not find the requested resource");
            }
            send(response, 200, doc);
            return;
        }
        ApiPath api = ApiPath.parse(path, registry);
        String accept = request.getHeader("Accept");
        switch (api.kind()) {
            case ROOT_API -> {
                requireGet(method);
                if (Discovery.aggregatedWanted(accept)) {
                    send(response, 200, discovery.aggregated(true), Discovery.AGGREGATED_CONTENT_TYPE);
                } else {
                    send(response, 200, discovery.apiVersions());
                }
            }
            case ROOT_APIS -> {
                requireGet(method);
                if (Discovery.aggregatedWanted(accept)) {
                    send(response, 200, discovery.aggregated(false), Discovery.AGGREGATED_CONTENT_TYPE);
                } else {
                    send(response, 200, discovery.apiGroupList());
                }
            }
            case GROUP -> {
                requireGet(method);
                ObjectNode group = discovery.apiGroup(api.group());
                if (group == null) {
                    throw ApiException.notFound("the server could not find the requested resource");
                }
                send(response, 200, group);
            }
            case GROUP_VERSION -> {
                requireGet(method);
                ObjectNode list = discovery.resourceList(api.group().isEmpty() ? api.version()
                        : api.group() + "/" + api.version());
                if (list == null) {
                    throw ApiException.notFound("the server could not find the requested resource");
                }
                send(response, 200, list);
            }
            case RESOURCE -> resource(api, request, response);
            default -> throw ApiException.notFound("the server could not find the requested resource");
        }
    }

    /** Swagger 2.0, as JSON or (what older kubectl asks for) as gnostic protobuf. */
    private void openApiV2(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ObjectNode doc = new OpenApiV2(registry, schemas, gitVersion).document();
        if (!OpenApiV2Protobuf.wanted(request.getHeader("Accept"))) {
            send(response, 200, doc);
            return;
        }
        byte[] bytes = OpenApiV2Protobuf.encode(doc);
        response.setStatus(200);
        response.setContentType(OpenApiV2Protobuf.CONTENT_TYPE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private void resource(ApiPath api, HttpServletRequest request, HttpServletResponse response) throws IOException {
        ResourceType type = registry.find(api.group(), api.version(), api.resource())
                .orElseThrow(() -> ApiException.notFound("the server could not find the requested resource"
                        + " (" + api.resource() + " in " + (api.group().isEmpty() ? "" : api.group() + "/")
                        + api.version() + ")"));
        String namespace = api.namespace();
        if (type.namespaced() && namespace == null && api.name() != null) {
            throw ApiException.notFound("the server could not find the requested resource; " + type.plural()
                    + " are namespaced: use /namespaces/<namespace>/" + type.plural() + "/" + api.name());
        }
        if (!type.namespaced() && namespace != null) {
            throw ApiException.notFound("the server could not find the requested resource; " + type.plural()
                    + " are not namespaced");
        }
        if (namespace != null) {
            checkName("namespace", namespace, Names.labelProblem(namespace));
        }
        if (api.subresource() != null && !type.subresources().contains(api.subresource())) {
            throw ApiException.notFound("the server could not find the requested resource (" + type.plural() + "/"
                    + api.subresource() + " is not served)");
        }
        if (registry.isComputed(type)) {
            computed(type, namespace, api.name(), request, response);
            return;
        }
        boolean dryRun = dryRun(request);
        String method = request.getMethod();
        if (api.name() != null && PodStreamProxy.serves(api.subresource())) {
            if (!"GET".equals(method) && !"POST".equals(method)) {
                throw ApiException.methodNotAllowed("method " + method + " is not supported on pods/"
                        + api.subresource() + "; use GET or POST");
            }
            podStreams.serve(api.subresource(), namespace, api.name(), request, response);
            return;
        }
        if ("log".equals(api.subresource()) && !"GET".equals(method)) {
            throw ApiException.methodNotAllowed("method " + method + " is not supported on pods/log; only GET");
        }
        String name = api.name();
        Tables.Include table = Tables.Include.requested(request.getHeader("Accept"), request.getParameter("includeObject"));
        boolean metadataOnly = table == null && PartialMetadata.wanted(request.getHeader("Accept"));
        ResourceType stored = registry.storedFormOf(type); // type itself unless served in a second version
        switch (method) {
            case "GET" -> {
                if (name == null) {
                    list(type, namespace, request, response, table, metadataOnly);
                } else if ("scale".equals(api.subresource())) {
                    send(response, 200, subresources.getScale(type, namespace, name));
                } else if ("log".equals(api.subresource())) {
                    podLogs.serve(namespace, name, request, response);
                } else if (metadataOnly && api.subresource() == null) {
                    send(response, 200, PartialMetadata.of(storage.getOrNotFound(stored, namespace, name)),
                            PartialMetadata.CONTENT_TYPE);
                } else if (table == null && !type.converted()) {
                    sendBytes(response, 200, storage.servedOrNotFound(type, namespace, name));
                } else {
                    ObjectNode object = storage.getOrNotFound(stored, namespace, name);
                    sendObject(response, 200, type, object, table);
                }
            }
            case "POST" -> {
                if (name != null && "binding".equals(api.subresource())) {
                    send(response, 201, subresources.bind(type, namespace, name, Json.parseObject(body(request),
                            isYaml(request))));
                    return;
                }
                if (name != null && "token".equals(api.subresource())) {
                    byte[] raw = body(request);
                    send(response, 201, tokenRequests.create(namespace, name,
                            isProtobuf(request) ? ProtobufBodies.decode(raw) : Json.parseObject(raw, isYaml(request))));
                    return;
                }
                if (name != null && "eviction".equals(api.subresource())) {
                    send(response, 201, evictions.evict(type, namespace, name, Json.parseObject(body(request),
                            isYaml(request)), dryRun));
                    return;
                }
                if (name != null) {
                    throw ApiException.methodNotAllowed("POST is not supported on a single " + type.singular()
                            + "; use PUT or PATCH");
                }
                ObjectStorage.Written created = writes.createWritten(stored, namespace, asStored(type,
                        checkedBody(request, response, type, null)), dryRun, fieldManager(request, "CreateOptions"));
                if (type.converted()) {
                    sendObject(response, 201, type, created.object(), null);
                } else {
                    admissionWarnings(response);
                    sendBytes(response, 201, created.served());
                }
            }
            case "PUT" -> {
                requireName(name, method, type);
                if ("scale".equals(api.subresource())) {
                    send(response, 200, subresources.updateScale(type, namespace, name, null, body(request), false,
                            fieldManager(request, "UpdateOptions")));
                } else {
                    sendObject(response, 200, type, writes.update(stored, namespace, name, api.subresource(),
                            asStored(type, checkedBody(request, response, type, api.subresource())), dryRun,
                            fieldManager(request, "UpdateOptions")), null);
                }
            }
            case "PATCH" -> {
                requireName(name, method, type);
                String contentType = request.getContentType();
                if ("scale".equals(api.subresource())) {
                    send(response, 200, subresources.updateScale(type, namespace, name, contentType, body(request), true,
                            fieldManager(request, "PatchOptions")));
                } else if (Patches.APPLY_PATCH.equals(Patches.mediaType(contentType))) {
                    ObjectWrites.Applied applied = writes.apply(type, namespace, name, api.subresource(),
                            ApplyRequests.config(request, body(request), type, name, fieldValidation, typed,
                                    w -> warn(response, w)),
                            ApplyRequests.manager(request), ApplyRequests.force(request), dryRun);
                    sendObject(response, applied.created() ? 201 : 200, type, applied.object(), null);
                } else {
                    ApplyRequests.refuseForce(request);
                    byte[] patch = body(request);
                    checkPatch(request, response, type, contentType, patch);
                    sendObject(response, 200, type, writes.patch(type, namespace, name, api.subresource(), contentType,
                            patch, dryRun, fieldManager(request, "PatchOptions")), null);
                }
            }
            case "DELETE" -> {
                byte[] raw = bodyOrEmpty(request);
                JsonNode options = raw.length == 0 ? Json.object() : Json.parseObject(raw, false);
                if (request.getParameter("gracePeriodSeconds") != null) {
                    ((ObjectNode) options).put("gracePeriodSeconds",
                            ListOptions.nonNegative("gracePeriodSeconds", request.getParameter("gracePeriodSeconds"), 0));
                }
                if (request.getParameter("propagationPolicy") != null) {
                    ((ObjectNode) options).put("propagationPolicy", request.getParameter("propagationPolicy"));
                }
                if (request.getParameter("orphanDependents") != null) {
                    ((ObjectNode) options).put("orphanDependents", QueryParameters.bool(request::getParameter,
                            "orphanDependents"));
                }
                // kubectl delete --dry-run=server puts dryRun into the DeleteOptions body, not the query
                boolean dryRunDelete = dryRun || dryRun(options.path("dryRun"));
                if (name == null) {
                    deleteCollection(type, namespace, request, options, dryRunDelete, response);
                } else {
                    ObjectWrites.Removal removal = writes.remove(stored, namespace, name, options, dryRunDelete);
                    java.util.Optional<ObjectNode> status = DeleteAnswers.status(type, removal);
                    admissionWarnings(response);
                    if (status.isPresent()) {
                        send(response, 200, status.get());
                    } else {
                        sendObject(response, 200, type, removal.object(), null);
                    }
                }
            }
            default -> throw ApiException.methodNotAllowed("method " + method + " is not supported");
        }
        if (!dryRun && !"GET".equals(method) && "customresourcedefinitions".equals(type.plural())) {
            registry.refreshCustom(); // the written CRD's resource is served (or gone) before the client hears back
        }
    }

    private void list(ResourceType type, String namespace, HttpServletRequest request, HttpServletResponse response,
                      Tables.Include table, boolean metadataOnly) throws IOException {
        ListOptions options = ListOptions.parse(request::getParameter, type);
        if (options.watch()) {
            // fabric8 asks for a WebSocket first, and falls back to an HTTP stream on any other answer than 101
            boolean webSocket = ServerWebSocket.isRequested(request);
            String handshakeProblem = webSocket ? ServerWebSocket.handshakeProblem(request) : null;
            if (handshakeProblem != null) {
                throw ApiException.badRequest(handshakeProblem);
            }
            if (!watchSlots.tryAcquire()) {
                throw ApiException.tooManyRequests("too many watches are open on this server (limit " + maxWatches
                        + "); retry shortly", 1);
            }
            WatchStream stream = new WatchStream(type, options, table, metadataOnly, watchTimer, watchEnd(request));
            try {
                stream.start(request, response, storage, watchCache, namespace, webSocket);
            } catch (IOException | RuntimeException e) {
                stream.abandon();
                throw e;
            }
            return;
        }
        if (table == null && !metadataOnly && options.limit() == 0
                && (options.continueToken() == null || options.continueToken().isEmpty())) {
            new StreamedList(storage).send(type, namespace, options, response);
            return;
        }
        ObjectStorage.Page page = storage.list(type, namespace, options.listRevision(), options.limit(),
                options.continueToken(), options::matches);
        String rv = Long.toString(page.revision());
        if (table != null) {
            send(response, 200, Tables.table(type, page.items(), rv, page.continueToken(), true, table),
                    Tables.CONTENT_TYPE);
            return;
        }
        if (metadataOnly) {
            send(response, 200, PartialMetadata.list(page.items(), rv, page.continueToken()),
                    PartialMetadata.LIST_CONTENT_TYPE);
            return;
        }
        ObjectNode list = Json.object();
        list.put("kind", type.listKind());
        list.put("apiVersion", type.apiVersion());
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", rv);
        if (page.continueToken() != null) {
            meta.put("continue", page.continueToken());
        }
        ArrayNode items = list.putArray("items");
        page.items().forEach(o -> items.add(type.served(o)));
        send(response, 200, list);
    }

    /**
     * What runs when a watch stream ends: its slot is given back and, the watch being a request that outlives the
     * servlet's call, its observation ends (at the earliest when the servlet is done with it as well).
     */
    private Runnable watchEnd(HttpServletRequest request) {
        Runnable release = watchSlots::release;
        return request.getAttribute(OBSERVATION) instanceof RequestMetrics.Observation observed
                ? observed.continued(release) : release;
    }

    /**
     * The resources computed rather than stored: the read-only metrics.k8s.io and component statuses (get and list,
     * as JSON or as a Table) and the reviews (create only).
     */
    private void computed(ResourceType type, String namespace, String name, HttpServletRequest request,
                          HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (ReviewTypes.isReview(type) || AccessReviews.isReview(type)) {
            if (!"POST".equals(method) || name != null) {
                throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource: "
                        + type.qualifiedName() + " are only created (POST), never read or stored");
            }
            byte[] raw = body(request);
            ObjectNode body = isProtobuf(request) ? ProtobufBodies.decode(raw) : Json.parseObject(raw, isYaml(request));
            dev.orchestrator.apiserver.internal.auth.UserInfo user
                    = dev.orchestrator.apiserver.internal.auth.RequestUser.of(request);
            ObjectNode review = AccessReviews.isReview(type) ? authorization.reviews().create(type, namespace, body, user)
                    : type.equals(ReviewTypes.TOKEN_REVIEW) ? tokenReviews.answer(body)
                    : ReviewTypes.answer(type, body, user);
            send(response, 201, review);
            return;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            throw readOnly(type, method);
        }
        ListOptions options = ListOptions.parse(request::getParameter, type);
        if (options.watch()) {
            throw readOnly(type, "watch");
        }
        Tables.Include table = Tables.Include.requested(request.getHeader("Accept"), request.getParameter("includeObject"));
        boolean components = type.equals(ComponentStatuses.TYPE);
        if (components) {
            warn(response, List.of(ComponentStatuses.DEPRECATION));
        }
        if (name != null) {
            sendObject(response, 200, type, components ? componentStatuses.get(name) : metrics.get(type, namespace, name),
                    table);
            return;
        }
        List<ObjectNode> items = components ? componentStatuses.list() : metrics.list(type, namespace, options);
        if (table != null) {
            send(response, 200, Tables.table(type, items, null, null, true, table), Tables.CONTENT_TYPE);
            return;
        }
        ObjectNode list = Json.object();
        list.put("kind", type.listKind());
        list.put("apiVersion", type.apiVersion());
        list.putObject("metadata");
        ArrayNode array = list.putArray("items");
        items.forEach(array::add);
        send(response, 200, list);
    }

    private static ApiException readOnly(ResourceType type, String refused) {
        return ApiException.methodNotAllowed("the server does not allow this method on the requested resource: "
                + type.qualifiedName() + " are read-only, served with get and list only (not " + refused + ")");
    }

    private void deleteCollection(ResourceType type, String namespace, HttpServletRequest request, JsonNode options,
                                  boolean dryRun, HttpServletResponse response) throws IOException {
        ListOptions selection = ListOptions.parse(request::getParameter, type);
        ObjectStorage.Page page = storage.list(type, namespace, 0, 0, null, selection::matches);
        ArrayNode items = Json.array();
        for (ObjectNode o : page.items()) {
            try {
                items.add(type.served(writes.delete(registry.storedFormOf(type), ObjectMeta.namespace(o), ObjectMeta.name(o),
                        options, dryRun)));
            } catch (ApiException e) {
                if (e.code != 404) {
                    throw e;
                }
            }
        }
        ObjectNode list = Json.object();
        list.put("kind", type.listKind());
        list.put("apiVersion", type.apiVersion());
        list.putObject("metadata").put("resourceVersion", Long.toString(storage.currentRevision()));
        list.set("items", items);
        send(response, 200, list);
    }

    /** The request body as an object, with unknown fields handled as fieldValidation asks. */
    private ObjectNode checkedBody(HttpServletRequest request, HttpServletResponse response, ResourceType type,
                                   String subresource) {
        FieldValidation.Mode mode = FieldValidation.mode(request.getParameter("fieldValidation"));
        byte[] raw = body(request);
        ObjectNode body = isProtobuf(request) ? ProtobufBodies.decode(raw) : Json.parseObject(raw, isYaml(request));
        if (isYaml(request)) {
            typed.decode(body, type, Json.yamlScalars(raw)); // strings written as yes, 0777 stay strings
        }
        warn(response, fieldValidation.check(body, type, mode));
        warn(response, CustomResourceSchemas.admit(type, body, mode, subresource));
        return body;
    }

    private void checkPatch(HttpServletRequest request, HttpServletResponse response, ResourceType type,
                                   String contentType, byte[] patch) {
        FieldValidation.Mode mode = FieldValidation.mode(request.getParameter("fieldValidation"));
        if (CustomResourceSchemas.isCustom(type) && contentType != null
                && Patches.mediaType(contentType).equals(Patches.STRATEGIC_MERGE_PATCH)) {
            // custom resources have no patch strategies to merge by, so Kubernetes refuses this patch type
            throw ApiException.unsupportedMediaType("the body of the request was in an unknown format - accepted "
                    + "media types include: " + Patches.JSON_PATCH + ", " + Patches.MERGE_PATCH + ", " + Patches.APPLY_PATCH);
        }
        if (contentType != null && !contentType.startsWith(Patches.JSON_PATCH) && mode != FieldValidation.Mode.IGNORE) {
            JsonNode parsed = Json.parse(patch, false);
            if (parsed instanceof ObjectNode object) {
                warn(response, fieldValidation.check(object.deepCopy(), type, mode));
                warn(response, CustomResourceSchemas.checkPatchBody(type, object, mode));
            }
        }
    }

    private static FieldManager fieldManager(HttpServletRequest request, String optionsKind) {
        return FieldManager.of(request.getParameter("fieldManager"), request.getHeader("User-Agent"), optionsKind);
    }

    /** The warnings admission plugins gave the request the calling thread serves (once). */
    private void admissionWarnings(HttpServletResponse response) {
        java.util.Optional<RequestAdmission.Notes> notes = writes.admission().current();
        notes.ifPresent(n -> {
            warn(response, n.warnings);
            n.warnings.clear();
        });
    }

    private static void warn(HttpServletResponse response, List<String> warnings) {
        for (String w : warnings) {
            response.addHeader("Warning", "299 - \"" + w.replace("\"", "\\\"") + "\"");
        }
    }

    private static boolean isProtobuf(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType != null && contentType.toLowerCase().startsWith(ProtobufBodies.CONTENT_TYPE);
    }

    private static boolean isYaml(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType != null && contentType.toLowerCase().contains("yaml");
    }

    private byte[] body(HttpServletRequest request) {
        String contentType = request.getContentType();
        if (contentType != null && !contentType.isBlank()) {
            // a blank Content-Type counts as none (read as JSON); parameters without a type (";;;") are no type
            String base = Patches.mediaType(contentType);
            if (!base.equals(ProtobufBodies.CONTENT_TYPE) && !base.equals("application/json") && !base.endsWith("+json") && !base.contains("yaml")
                    && !base.equals("*/*")) {
                throw ApiException.unsupportedMediaType("the body of the request was in an unknown format (" + contentType
                        + ") - accepted media types include: application/json, application/yaml, "
                        + "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json");
            }
        }
        byte[] raw = bodyOrEmpty(request);
        if (raw.length == 0) {
            throw ApiException.badRequest("the request body is empty");
        }
        return raw;
    }

    private byte[] bodyOrEmpty(HttpServletRequest request) {
        long declared = request.getContentLengthLong();
        try (InputStream in = request.getInputStream()) {
            if (declared > maxBodyBytes) {
                drain(in);
                throw ApiException.tooLarge("the request body is " + declared + " bytes, over the limit of " + maxBodyBytes);
            }
            byte[] raw = in.readNBytes(maxBodyBytes + 1);
            if (raw.length > maxBodyBytes) {
                drain(in);
                throw ApiException.tooLarge("the request body is over the limit of " + maxBodyBytes + " bytes");
            }
            return raw;
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the request body: " + e.getMessage());
        }
    }

    /**
     * Reads and drops the rest of an oversized body (up to a bound), so the client, still
     * sending, receives the 413 instead of a reset connection.
     */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = 64L * 1024 * 1024;
        int n;
        while (left > 0 && (n = in.read(buffer)) > 0) {
            left -= n;
        }
    }

    private static boolean dryRun(HttpServletRequest request) {
        String[] values = request.getParameterValues("dryRun");
        if (values == null) {
            return false;
        }
        for (String v : values) {
            if (!"All".equals(v)) {
                throw ApiException.badRequest("dryRun: Unsupported value: \"" + v + "\": supported values: \"All\"");
            }
        }
        return true;
    }

    /** {@code DeleteOptions.dryRun}: absent or empty, or {@code ["All"]}. */
    private static boolean dryRun(JsonNode values) {
        if (values.isMissingNode() || values.isNull()) {
            return false;
        }
        if (!values.isArray()) {
            throw ApiException.badRequest("dryRun must be a list of strings, e.g. [\"All\"]");
        }
        for (JsonNode v : values) {
            if (!"All".equals(v.asText())) {
                throw ApiException.badRequest("dryRun: Unsupported value: \"" + v.asText() + "\": supported values: \"All\"");
            }
        }
        return values.size() > 0;
    }

    /** A followed log lasts as long as its container: long-running like a watch, not an in-flight request. */
    private static boolean followedLog(HttpServletRequest request) {
        return request.getRequestURI().endsWith("/log") && QueryParameters.bool(request::getParameter, "follow");
    }

    private static void requireGet(String method) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            throw ApiException.methodNotAllowed("method " + method + " is not supported here; only GET");
        }
    }

    private static void requireName(String name, String method, ResourceType type) {
        if (name == null) {
            throw ApiException.methodNotAllowed(method + " needs the name of one " + type.singular());
        }
    }

    private static void checkName(String what, String value, String problem) {
        if (problem != null) {
            throw ApiException.badRequest("invalid " + what + " \"" + value + "\": " + problem);
        }
    }

    /** @param table the Table asked for, or null for the object itself */
    private void sendObject(HttpServletResponse response, int code, ResourceType type, ObjectNode object,
                            Tables.Include table) throws IOException {
        admissionWarnings(response);
        if (table != null) {
            send(response, code, Tables.table(type, List.of(object), null, null, true, table), Tables.CONTENT_TYPE);
        } else {
            send(response, code, type.served(object));
        }
    }

    /** A body of a resource served in a second version, as stored (its type meta checked against the URL first). */
    private static ObjectNode asStored(ResourceType type, ObjectNode body) {
        if (!type.converted()) {
            return body;
        }
        ObjectMeta.checkTypeMeta(body, type.apiVersion(), type.kind());
        return type.conversion().orElseThrow().toStored(body);
    }

    private static void send(HttpServletResponse response, int code, ObjectNode body) throws IOException {
        send(response, code, body, "application/json");
    }

    private static void send(HttpServletResponse response, int code, ObjectNode body, String contentType)
            throws IOException {
        send(response, code, Json.bytes(body), contentType);
    }

    private static void sendBytes(HttpServletResponse response, int code, byte[] json) throws IOException {
        send(response, code, json, "application/json");
    }

    private static void send(HttpServletResponse response, int code, byte[] bytes, String contentType)
            throws IOException {
        response.setStatus(code);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static void sendStatus(HttpServletResponse response, ApiException e) throws IOException {
        sendStatus(response, e, List.of());
    }

    private static void sendStatus(HttpServletResponse response, ApiException e, List<String> warnings)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        warn(response, warnings);
        if (e.retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Integer.toString(e.retryAfterSeconds));
        }
        send(response, e.code, StatusBodies.of(e));
    }

    private static void drainQuietly(HttpServletRequest request) {
        try {
            drain(request.getInputStream());
        } catch (IOException | IllegalStateException alreadyReadOrGone) {
            // nothing left to read
        }
    }

}
