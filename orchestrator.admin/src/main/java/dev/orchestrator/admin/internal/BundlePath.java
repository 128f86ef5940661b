package dev.orchestrator.admin.internal;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The part of {@code /orchestrator/v1/bundles[/{symbolicName}]} after the servlet pattern: empty for the
 * collection, else one symbolic name.
 */
record BundlePath(Optional<String> symbolicName) {

    /** A Bundle-SymbolicName: dot-separated tokens of the OSGi manifest grammar. */
    private static final Pattern SYMBOLIC_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    /**
     * @param pathInfo {@code HttpServletRequest.getPathInfo()} of a request matched by
     *                 {@code /orchestrator/v1/bundles/*}
     * @throws AdminException 404 for deeper paths, 400 for a name that cannot be a symbolic name
     */
    static BundlePath parse(String pathInfo) {
        if (pathInfo == null || pathInfo.isEmpty() || pathInfo.equals("/")) {
            return new BundlePath(Optional.empty());
        }
        String name = pathInfo.substring(1);
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.contains("/")) {
            throw AdminException.notFound("no such path: /orchestrator/v1/bundles" + pathInfo);
        }
        if (!SYMBOLIC_NAME.matcher(name).matches()) {
            throw AdminException.badRequest("not a bundle symbolic name: \"" + name + "\"");
        }
        return new BundlePath(Optional.of(name));
    }

    boolean isCollection() {
        return symbolicName.isEmpty();
    }
}
