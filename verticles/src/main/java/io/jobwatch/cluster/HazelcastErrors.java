package io.jobwatch.cluster;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.jobwatch.shared.protocol.ApiError;

import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns what the cluster throws into the contract's answers: what may be retried is 503 {@code unavailable}. */
public final class HazelcastErrors {
  private HazelcastErrors() {
  }

  /** May the operation be run again (it is idempotent by its operation id)? */
  public static boolean isRetryable(Throwable t) {
    Throwable cause = unwrap(t);
    return cause instanceof IndeterminateOperationStateException || cause instanceof MemberLeftException
        || cause instanceof OperationTimeoutException || cause instanceof RetryableException;
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  public static ApiError toApiError(Throwable t, Logger log) {
    return toApiError(t, log, "");
  }

  /** {@link #toApiError(Throwable, Logger)}; an unexpected failure is logged with {@code context} (e.g. the request). */
  public static ApiError toApiError(Throwable t, Logger log, String context) {
    Throwable cause = unwrap(t);
    if (cause instanceof ApiError e) {
      return e;
    }
    if (cause instanceof SplitBrainProtectionException) {
      return ApiError.unavailable("this node does not see a majority of the cluster (JOBWATCH_MIN_MEMBERS); retry, "
          + "on another node");
    }
    if (cause instanceof IndeterminateOperationStateException) {
      log.warning("a change was not confirmed by its backup; answered 503 so the client retries: " + cause.getMessage());
      return ApiError.unavailable("the change may not have been stored; retry it");
    }
    if (cause instanceof MemberLeftException || cause instanceof OperationTimeoutException
        || cause instanceof RetryableException || cause instanceof HazelcastInstanceNotActiveException) {
      log.warning("cluster operation failed (" + cause.getClass().getSimpleName() + "): " + cause.getMessage());
      return ApiError.unavailable("the cluster is changing; retry");
    }
    log.log(Level.SEVERE, "unexpected failure" + context, cause);
    return ApiError.unavailable("internal error: " + cause.getClass().getSimpleName());
  }
}
