package io.jobwatch.cluster;

import com.hazelcast.core.IndeterminateOperationStateException;

import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Writes the cluster applied but could not confirm: with {@code fail.on.indeterminate.state} a
 * write whose backup did not acknowledge in time (partitions moving while members join) fails with
 * {@link IndeterminateOperationStateException}, although it may have been applied. Writes that are
 * safe to make twice are simply made again.
 */
public final class UnconfirmedWrites {
  private static final int TRIES = 5;
  private static final long PAUSE_NANOS = 100_000_000;

  private UnconfirmedWrites() {
  }

  /** Whether {@code t} (or a cause of it) is such a write. */
  public static boolean isCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IndeterminateOperationStateException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs {@code write} (blocking; idempotent), again after a short pause while it fails
   * unconfirmed, up to five times; the last failure is thrown.
   */
  public static <T> T repeat(Supplier<T> write) {
    for (int tries = 1; ; tries++) {
      try {
        return write.get();
      } catch (IndeterminateOperationStateException e) {
        if (tries == TRIES) {
          throw e;
        }
        LockSupport.parkNanos(PAUSE_NANOS);
      }
    }
  }
}
