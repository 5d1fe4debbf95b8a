package io.jobwatch.gateway;

import io.vertx.core.Future;

/** What a queue subscription reads: this node's window on the cluster's queue history ({@link QueueWindow}). */
interface QueueLog {
  /** The offset the next event will have. */
  long next();

  /** The oldest offset held. */
  long oldest();

  /** The event at this offset, or null when it is not (or no longer) held. */
  QueueEntry get(long offset);

  /** Makes the log hold {@code offset} if the cluster still keeps it; false when it is gone. */
  Future<Boolean> cover(long offset);

  /** Whether the cluster's history ever had this offset. */
  Future<Boolean> clusterHad(long offset);
}
