package dev.orchestrator.api.admission;

/** What the API server hands a plugin for one request. Valid during the call only. */
@org.osgi.annotation.versioning.ProviderType
public interface AdmissionContext {

    /** Reads other objects (LimitRanges, quotas, the namespace). */
    ObjectLookup lookup();

    /** Adds a warning to the response ({@code Warning: 299} header, which kubectl prints). */
    void warn(String message);

    /** Adds an annotation to the request's audit event ({@code key} prefixed with the plugin's name by convention). */
    void annotateAudit(String key, String value);
}
