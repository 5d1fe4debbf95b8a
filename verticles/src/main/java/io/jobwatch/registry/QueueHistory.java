package io.jobwatch.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.jobwatch.cluster.ClusterNames;
import io.jobwatch.cluster.HazelcastFutures;
import io.jobwatch.shared.protocol.QueueEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;

/**
 * The cluster-wide, bounded, ordered history of queue events: a Hazelcast ringbuffer whose
 * sequence numbers are the events' offsets. The oldest events are overwritten when it is full;
 * a reader that asks for one of those learns that it fell behind (StaleSequenceException).
 */
public final class QueueHistory {
  /** Most events one read returns (the ringbuffer's own limit is 1000). */
  public static final int READ_BATCH = 1000;

  /** Most events one append call carries (Hazelcast's own limit). */
  private static final int MAX_APPEND = 1000;
  private final Ringbuffer<QueueEvent> ringbuffer;
  private final Context context;
  private List<QueueEvent> pending = new ArrayList<>();
  private List<Promise<Long>> waiting = new ArrayList<>();
  /** Hazelcast refuses reads of more items than the ringbuffer holds. */
  private final int batch;

  public QueueHistory(HazelcastInstance hazelcast, Context context) {
    this.ringbuffer = hazelcast.getRingbuffer(ClusterNames.HISTORY_RINGBUFFER);
    this.context = context;
    this.batch = (int) Math.min(READ_BATCH, ringbuffer.capacity());
  }

  /** Most events one read returns. */
  public int batch() {
    return batch;
  }

  /**
   * Whether a read from {@code from} came back from a later offset: Hazelcast silently starts at
   * the oldest kept event when {@code from} has been overwritten.
   */
  public static boolean overrun(long from, ReadResultSet<QueueEvent> set) {
    return set.readCount() > 0 && set.getSequence(0) > from;
  }

  /**
   * Appends an event; the answer is its offset. The appends made in one turn of this context's
   * event loop go to the cluster in one call (Hazelcast keeps them together and in order), which
   * spares the ringbuffer's partition thread a hand-off per event under load.
   */
  public Future<Long> append(QueueEvent event) {
    Promise<Long> offset = Promise.promise();
    pending.add(event);
    waiting.add(offset);
    if (pending.size() == 1) {
      context.runOnContext(v -> flush());
    }
    return offset.future();
  }

  private void flush() {
    List<QueueEvent> batch = pending;
    List<Promise<Long>> answers = waiting;
    pending = new ArrayList<>();
    waiting = new ArrayList<>();
    for (int from = 0; from < batch.size(); from += MAX_APPEND) {
      int to = Math.min(batch.size(), from + MAX_APPEND);
      List<Promise<Long>> part = answers.subList(from, to);
      HazelcastFutures.on(context, ringbuffer.addAllAsync(batch.subList(from, to), OverflowPolicy.OVERWRITE))
          .onComplete(ar -> {
            for (int i = 0; i < part.size(); i++) {
              if (ar.succeeded()) {
                part.get(i).complete(ar.result() - (part.size() - 1) + i);
              } else {
                part.get(i).fail(ar.cause());
              }
            }
          });
    }
  }

  /**
   * Events from offset {@code from} on, at most {@link #batch()}; with {@code waitForOne}
   * the answer comes when at least one exists.
   */
  public Future<ReadResultSet<QueueEvent>> read(long from, boolean waitForOne) {
    try {
      return HazelcastFutures.on(context, ringbuffer.readManyAsync(from, waitForOne ? 1 : 0, batch, null));
    } catch (RuntimeException e) {
      // Hazelcast checks arguments (a start beyond the tail) before it goes async.
      return Future.failedFuture(e);
    }
  }

  /** The offset the next event will get (blocking call: run it on a worker). */
  public long nextOffsetBlocking() {
    return ringbuffer.tailSequence() + 1;
  }
}
