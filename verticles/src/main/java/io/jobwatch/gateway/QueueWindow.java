package io.jobwatch.gateway;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.ReadResultSet;
import io.jobwatch.registry.QueueHistory;
import io.jobwatch.shared.protocol.QueueEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * This node's window on the cluster's queue history: the newest events, as many as the history
 * keeps, each decoded and encoded once ({@link QueueEntry}). Every queue subscription of the node
 * is a cursor into it, so replay and live are one path and a socket's lag costs no memory.
 *
 * <p>One reader of the cluster history fills it, on the event loop of the gateway that opened
 * it; it is read from every event loop. Entries are immutable and found by offset: a slot that
 * was overwritten holds another offset, which a reader takes as "fell out of the window". Older
 * events that the cluster still keeps (a socket resuming on a node that started later) are read
 * into the window on demand ({@link #cover}), once for all sockets that need them.
 */
public final class QueueWindow implements QueueLog {
  private static final Logger LOG = Logger.getLogger(QueueWindow.class.getName());
  private static final long RETRY_MS = 500;
  /**
   * After a read that brought few events, the next waits this long: every read wakes every socket
   * that waits for the queue (a system call each), and a few milliseconds let events gather into
   * one wake-up; under load reads are full and follow at once.
   */
  static final long GATHER_MS = 2;
  private static final int FEW_EVENTS = 64;

  private final HazelcastInstance hazelcast;
  private final Vertx vertx;
  private final int capacity;
  private final QueueEntry[] ring;
  private final int mask;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  /** The first offset kept; {@code oldest == next} when the window is empty. */
  private volatile long oldest;
  /** The offset the next event will have. */
  private volatile long next;

  // The writer's state, touched on its context only.
  private Context context;
  private volatile QueueHistory history;
  private Promise<Void> opened;
  private final List<Cover> covers = new ArrayList<>();
  private boolean backfilling;

  private record Cover(long offset, Promise<Boolean> answer, Context caller) {
  }

  public QueueWindow(Vertx vertx, HazelcastInstance hazelcast, int capacity) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.capacity = capacity;
    int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
    this.ring = new QueueEntry[size];
    this.mask = size - 1;
  }

  /**
   * Starts reading the cluster history (once, on the first caller's event loop) from its newest
   * event; completes, on each caller's own context, when {@link #next()} is known. (Sockets of
   * every event loop open it; what they do next must run on their own loop, not the reader's.)
   */
  public Future<Void> open() {
    Future<Void> known = openOnce();
    Context caller = Vertx.currentContext();
    if (caller == null || known.isComplete()) {
      return known;
    }
    Promise<Void> here = Promise.promise();
    known.onComplete(ar -> caller.runOnContext(v -> here.handle(ar)));
    return here.future();
  }

  private synchronized Future<Void> openOnce() {
    if (opened == null) {
      opened = Promise.promise();
      context = Vertx.currentContext();
      history = new QueueHistory(hazelcast, context);
      vertx.executeBlocking(history::nextOffsetBlocking, false).onComplete(ar -> context.runOnContext(v -> {
        if (ar.failed()) {
          synchronized (this) {
            Promise<Void> failed = opened;
            opened = null;
            failed.fail(ar.cause());
          }
          return;
        }
        oldest = ar.result();
        next = ar.result();
        opened.complete();
        readNext();
      }));
    }
    return opened.future();
  }

  /** Called (on the writer's thread) after new events were added; callers hop to their own loop. */
  public void addListener(Runnable appended) {
    listeners.add(appended);
  }

  /** The offset the next event will have: a cursor here gets only events from now on. */
  @Override
  public long next() {
    return next;
  }

  @Override
  public long oldest() {
    return oldest;
  }

  /** The event at this offset, or null when it is not (or no longer) in the window. */
  @Override
  public QueueEntry get(long offset) {
    QueueEntry e = ring[(int) (offset & mask)];
    return e != null && e.offset() == offset && offset >= oldest ? e : null;
  }

  /**
   * Whether the cluster's history ever had this offset (it is below the offset the cluster will
   * give next); this node's reader may not have reached it yet.
   */
  @Override
  public Future<Boolean> clusterHad(long offset) {
    if (offset < next) {
      return Future.succeededFuture(true);
    }
    return vertx.executeBlocking(() -> offset < history.nextOffsetBlocking(), false);
  }

  /**
   * Makes the window hold {@code offset} if the cluster still keeps it: true when it does, false
   * when it is gone (then the window starts at the oldest event the cluster had). The answer
   * comes on the caller's context.
   */
  @Override
  public Future<Boolean> cover(long offset) {
    if (offset >= oldest) {
      return Future.succeededFuture(true);
    }
    Context caller = Vertx.currentContext();
    Promise<Boolean> answer = Promise.promise();
    context.runOnContext(v -> {
      covers.add(new Cover(offset, answer, caller));
      if (!backfilling) {
        backfill();
      }
    });
    return answer.future();
  }

  private void readNext() {
    history.read(next, true).onComplete(ar -> {
      if (ar.failed()) {
        LOG.fine("queue history read failed, retrying: " + ar.cause());
        vertx.setTimer(RETRY_MS, id -> readNext());
        return;
      }
      ReadResultSet<QueueEvent> set = ar.result();
      if (QueueHistory.overrun(next, set)) {
        // This node read too slowly (or was paused): what it missed is gone from the cluster too.
        LOG.warning("the queue history overran this node's reader at offset " + next + "; resuming at "
            + set.getSequence(0));
        oldest = set.getSequence(0);
        next = oldest;
      }
      for (int i = 0; i < set.readCount(); i++) {
        append(QueueEntry.of(set.getSequence(i), set.get(i)));
      }
      for (Runnable listener : listeners) {
        listener.run();
      }
      if (set.readCount() < FEW_EVENTS) {
        vertx.setTimer(GATHER_MS, id -> readNext());
      } else {
        readNext();
      }
    });
  }

  private void append(QueueEntry e) {
    ring[(int) (e.offset() & mask)] = e;
    if (e.offset() + 1 - oldest > capacity) {
      oldest = e.offset() + 1 - capacity;
    }
    next = e.offset() + 1;
  }

  /** Reads older events into the window, a batch at a time, down to the lowest offset asked for. */
  private void backfill() {
    long lowest = Long.MAX_VALUE;
    for (Cover c : covers) {
      lowest = Math.min(lowest, c.offset());
    }
    long target = Math.max(lowest, next - capacity);
    if (covers.isEmpty() || oldest <= target) {
      answerCovers(false);
      return;
    }
    backfilling = true;
    long from = Math.max(target, oldest - history.batch());
    history.read(from, false).onComplete(ar -> {
      backfilling = false;
      if (ar.failed()) {
        LOG.fine("queue history read failed while filling the window: " + ar.cause());
        answerCovers(true);
        return;
      }
      ReadResultSet<QueueEvent> set = ar.result();
      long top = oldest;
      List<QueueEntry> older = new ArrayList<>();
      for (int i = 0; i < set.readCount() && set.getSequence(i) < top; i++) {
        older.add(QueueEntry.of(set.getSequence(i), set.get(i)));
      }
      if (older.isEmpty() || older.get(0).offset() > from || older.get(older.size() - 1).offset() != top - 1) {
        // The cluster no longer has what is asked for (or what it has does not meet the window).
        if (!older.isEmpty() && older.get(older.size() - 1).offset() == top - 1) {
          prepend(older);
        }
        answerCovers(true);
        return;
      }
      prepend(older);
      backfill();
    });
  }

  /** Puts older events (contiguous, ending just below {@link #oldest}) in front, as far as the capacity allows. */
  private void prepend(List<QueueEntry> older) {
    long lowest = oldest;
    for (int i = older.size() - 1; i >= 0; i--) {
      QueueEntry e = older.get(i);
      if (next - e.offset() > capacity) {
        break;
      }
      ring[(int) (e.offset() & mask)] = e;
      lowest = e.offset();
    }
    oldest = lowest;
  }

  /** Answers the covers the window now holds; with {@code giveUp}, also those it cannot hold. */
  private void answerCovers(boolean giveUp) {
    for (Iterator<Cover> it = covers.iterator(); it.hasNext(); ) {
      Cover c = it.next();
      boolean held = c.offset() >= oldest;
      if (held || giveUp || c.offset() < next - capacity) {
        it.remove();
        if (c.caller() != null) {
          c.caller().runOnContext(v -> c.answer().complete(held));
        } else {
          c.answer().complete(held);
        }
      }
    }
    if (!covers.isEmpty() && !backfilling) {
      backfill();
    }
  }
}
