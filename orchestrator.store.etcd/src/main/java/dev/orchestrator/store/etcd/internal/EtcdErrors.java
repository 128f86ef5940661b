package dev.orchestrator.store.etcd.internal;

import dev.orchestrator.api.store.ExpiredException;
import dev.orchestrator.api.store.FutureRevisionException;
import dev.orchestrator.api.store.InvalidValueException;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.api.store.StoreUnavailableException;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Turns jetcd and gRPC failures into the store's exceptions, naming the etcd endpoints. */
final class EtcdErrors {

    private final String endpoints;
    private final long timeoutMillis;

    EtcdErrors(String endpoints, long timeoutMillis) {
        this.endpoints = endpoints;
        this.timeoutMillis = timeoutMillis;
    }

    /** Waits for an etcd call within the request timeout and maps its failure. */
    <T> T await(CompletableFuture<T> call, String what) {
        try {
            return call.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new StoreUnavailableException("etcd at " + endpoints + " did not answer " + what + " within "
                    + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for etcd at " + endpoints, e);
        } catch (ExecutionException e) {
            throw map(e.getCause(), what);
        }
    }

    StoreException map(Throwable failure, String what) {
        if (failure instanceof StoreException se) {
            return se;
        }
        String message = String.valueOf(failure.getMessage());
        if (failure instanceof CompactedException || message.contains("has been compacted")) {
            return new ExpiredException("the requested revision has been compacted (" + what + "): " + message, failure);
        }
        if (message.contains("future revision")) {
            return new FutureRevisionException("the requested revision is newer than etcd's newest (" + what + ")", failure);
        }
        if (message.contains("too large") || statusCode(failure) == Status.Code.RESOURCE_EXHAUSTED) {
            return new InvalidValueException("etcd refused the request as too large (" + what + "): " + message, failure);
        }
        if (failure instanceof EtcdException || failure instanceof StatusRuntimeException) {
            return new StoreUnavailableException("etcd at " + endpoints + " failed " + what + ": " + message, failure);
        }
        return new StoreException("etcd call " + what + " failed: " + failure, failure);
    }

    private static Status.Code statusCode(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StatusRuntimeException sre) {
                return sre.getStatus().getCode();
            }
        }
        return Status.Code.UNKNOWN;
    }
}
