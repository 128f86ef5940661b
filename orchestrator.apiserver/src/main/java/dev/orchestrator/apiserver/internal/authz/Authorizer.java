package dev.orchestrator.apiserver.internal.authz;

import dev.orchestrator.apiserver.internal.auth.UserInfo;

/**
 * Decides whether a user may do what a request asks. Implementations answer from memory (no store read per
 * request) and are safe to call from any number of request threads at once.
 */
@FunctionalInterface
public interface Authorizer {

    Decision authorize(UserInfo user, RequestAttributes request);
}
