package io.jobwatch.gateway;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * A queue history for unit tests: every event ever added, the part the cluster still keeps
 * ({@link #historyStart}) and the part the node's window holds ({@link #windowStart}).
 */
final class FakeQueueLog implements QueueLog {
  private final List<QueueEntry> all = new ArrayList<>();
  long historyStart;
  long windowStart;

  /** Adds an event of a job with this name and owner; answers its offset. */
  long add(String jobName, String owner) {
    long offset = all.size();
    all.add(new QueueEntry(offset, jobName, owner, RecordingSink.bytes("{\"type\":\"event\",\"offset\":" + offset + "}")));
    return offset;
  }

  /** The cluster and the window keep only offsets from {@code offset} on. */
  void forgetBefore(long offset) {
    historyStart = offset;
    windowStart = Math.max(windowStart, offset);
  }

  @Override
  public long next() {
    return all.size();
  }

  @Override
  public long oldest() {
    return windowStart;
  }

  @Override
  public QueueEntry get(long offset) {
    return offset >= windowStart && offset < all.size() ? all.get((int) offset) : null;
  }

  @Override
  public Future<Boolean> cover(long offset) {
    if (offset >= historyStart) {
      windowStart = Math.min(windowStart, offset);
      return Future.succeededFuture(true);
    }
    windowStart = Math.min(windowStart, historyStart);
    return Future.succeededFuture(false);
  }

  @Override
  public Future<Boolean> clusterHad(long offset) {
    return Future.succeededFuture(offset < all.size());
  }
}
