package dev.orchestrator.apiserver.internal.admission;

/**
 * The names and rankings of the built-in plugins, in one place. The order is Kubernetes': the namespace
 * check before anything else, defaults (LimitRanger, ServiceAccount, tolerations) before policies, and the
 * quota last, so a request is charged only when every other plugin let it through. A plugin bundle
 * registered without a ranking (0) runs after the built-in policies and before the quota.
 */
public final class BuiltInAdmission {

    public static final String NAMESPACE_LIFECYCLE = "NamespaceLifecycle";
    public static final String LIMIT_RANGER = "LimitRanger";
    public static final String SERVICE_ACCOUNT = "ServiceAccount";
    public static final String DEFAULT_TOLERATION_SECONDS = "DefaultTolerationSeconds";
    public static final String PRIORITY = "Priority";
    /** The default IngressClass, and the warning that NetworkPolicies are not enforced. */
    public static final String NETWORKING = "DefaultIngressClass";
    public static final String DEFAULT_STORAGE_CLASS = "DefaultStorageClass";
    /** Finalizers that keep a claim a pod uses, and a bound volume, until they are unused. */
    public static final String STORAGE_PROTECTION = "StorageObjectInUseProtection";
    public static final String POD_SECURITY = "PodSecurity";
    public static final String RESOURCE_QUOTA = "ResourceQuota";

    public static final int NAMESPACE_LIFECYCLE_RANKING = 10_000;
    public static final int LIMIT_RANGER_RANKING = 9_000;
    public static final int SERVICE_ACCOUNT_RANKING = 8_000;
    public static final int DEFAULT_TOLERATION_SECONDS_RANKING = 7_000;
    public static final int PRIORITY_RANKING = 6_500;
    public static final int NETWORKING_RANKING = 6_400;
    public static final int DEFAULT_STORAGE_CLASS_RANKING = 6_300;
    public static final int STORAGE_PROTECTION_RANKING = 6_200;
    public static final int POD_SECURITY_RANKING = 6_000;
    public static final int RESOURCE_QUOTA_RANKING = -10_000;

    private BuiltInAdmission() {
    }
}
