package io.jobwatch.gateway;

import io.vertx.core.Vertx;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The sockets of one event loop whose queue cursor reached the newest event, woken when more
 * events come — at most once per interval. After a quiet spell the first events go out at once;
 * under load, events gather for up to the interval, so each socket costs one frame write (and
 * its client one read) per interval instead of one per read of the history: the server's and
 * the clients' CPU per event falls as the load grows (Centrifugo's write delay, made adaptive).
 * A socket that lags is not held back: it pulls while it has events and waits only at the head.
 * Used on its event loop only.
 */
final class QueueWakeups {
  /** A socket that waits for queue events. */
  interface Sleeper {
    /** The window has events after this socket's cursor (maybe: pulling finds out). */
    void eventsAppended();
  }

  private final Vertx vertx;
  private final long intervalMs;
  private final LongSupplier clockMs;
  private final Set<Sleeper> waiting = new LinkedHashSet<>();
  private long lastWakeMs = Long.MIN_VALUE / 2;
  private boolean scheduled;

  QueueWakeups(Vertx vertx, long intervalMs, LongSupplier clockMs) {
    if (intervalMs < 1) {
      throw new IllegalArgumentException("a wake-up interval is at least 1 ms");
    }
    this.vertx = vertx;
    this.intervalMs = intervalMs;
    this.clockMs = clockMs;
  }

  /** The session waits for the next events. */
  void add(Sleeper session) {
    waiting.add(session);
  }

  void remove(Sleeper session) {
    waiting.remove(session);
  }

  /** The window has more events: wake the waiting sessions now, or when the interval since the last wake-up ends. */
  void eventsAppended() {
    if (waiting.isEmpty() || scheduled) {
      return;
    }
    long due = Math.min(intervalMs, lastWakeMs + intervalMs - clockMs.getAsLong());
    if (due <= 0) {
      wakeAll();
      return;
    }
    scheduled = true;
    vertx.setTimer(due, id -> {
      scheduled = false;
      wakeAll();
    });
  }

  private void wakeAll() {
    lastWakeMs = clockMs.getAsLong();
    List<Sleeper> woken = List.copyOf(waiting);
    waiting.clear();
    for (Sleeper s : woken) {
      s.eventsAppended();
    }
  }
}
