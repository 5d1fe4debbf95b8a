package io.jobwatch.gateway;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * One socket's {@code queue} channel: a cursor into this node's window on the queue history
 * (PROTOCOL.md §3 resume rules). Without {@code since} it starts at the newest offset; with it,
 * after that offset if the history still has it (read into the window if need be), else at the
 * oldest event kept, answered {@code recovered: false} (also for a {@code since} the history
 * never had). Events are pulled when the socket has room, each once and in offset order, singly or
 * as {@code events} frames; only a cursor that the history overwrote is closed (1013).
 */
final class QueueSubscription implements Outbox.Source {
  /** Most events, and bytes, in one {@code events} frame. */
  static final int MAX_BATCH_EVENTS = 500;
  static final int MAX_BATCH_BYTES = 64 * 1024;

  /** What the session does for its subscription. */
  interface Owner {
    /** Pull me again when the window has more. */
    void waitForEvents(QueueSubscription subscription);

    /** The history overwrote what this socket had not read: close it (1013). */
    void fellBehind(long offset);
  }

  /** Where the stream starts, and what the {@code interest} answer says about it. */
  record Start(boolean recovered, String message) {
  }

  private final QueueLog log;
  private final Visibility visibility;
  private final boolean batch;
  private final Owner owner;
  private long cursor;
  private boolean covering;
  private boolean stopped;

  QueueSubscription(QueueLog log, Visibility visibility, boolean batch, Owner owner) {
    this.log = log;
    this.visibility = visibility;
    this.batch = batch;
    this.owner = owner;
  }

  /** Whether events go out as {@code events} frames. */
  boolean batched() {
    return batch;
  }

  /** The offset of the next event this socket gets. */
  long cursor() {
    return cursor;
  }

  /** Places the cursor: at the newest offset, or after {@code since} (null: none). */
  Future<Start> start(Long since) {
    if (since == null) {
      cursor = log.next();
      return Future.succeededFuture(new Start(true, "live from offset " + cursor));
    }
    long from = since + 1;
    if (from > log.next()) {
      return log.clusterHad(since).map(had -> {
        if (had) {
          cursor = from;
          return new Start(true, "resumed after offset " + since);
        }
        cursor = log.next();
        return new Start(false, "offset " + since + " is ahead of the queue history (it never had it, or lost it in a "
            + "full restart); reload, then live from offset " + cursor);
      });
    }
    if (from >= log.oldest()) {
      cursor = from;
      return Future.succeededFuture(new Start(true, "resumed after offset " + since));
    }
    return log.cover(from).map(held -> {
      if (held) {
        cursor = from;
        return new Start(true, "resumed after offset " + since);
      }
      cursor = log.oldest();
      return new Start(false, "offset " + since + " is older than the kept history; reload, then from offset " + cursor);
    });
  }

  /** The socket stopped wanting the queue, or closed. */
  void stop() {
    stopped = true;
  }

  @Override
  public boolean pull(Outbox out) {
    while (!stopped && out.hasRoom()) {
      if (cursor >= log.next()) {
        owner.waitForEvents(this);
        if (cursor >= log.next()) {
          return false;
        }
        continue;
      }
      boolean wrote = batch ? writeBatch(out) : writeOne(out);
      if (!wrote) {
        return false;
      }
    }
    return !stopped;
  }

  /** Writes the event at the cursor if visible; false when the window no longer has it. */
  private boolean writeOne(Outbox out) {
    QueueEntry e = log.get(cursor);
    if (e == null) {
      behind(out);
      return false;
    }
    if (visibility.canRead(e.jobName(), e.owner())) {
      out.write(e.message());
    }
    cursor++;
    return true;
  }

  private boolean writeBatch(Outbox out) {
    long end = log.next();
    List<byte[]> events = new ArrayList<>();
    int bytes = 0;
    long at = cursor;
    while (at < end && events.size() < MAX_BATCH_EVENTS && bytes < MAX_BATCH_BYTES) {
      QueueEntry e = log.get(at);
      if (e == null) {
        break;
      }
      if (visibility.canRead(e.jobName(), e.owner())) {
        events.add(e.message());
        bytes += e.message().length;
      }
      at++;
    }
    if (at == cursor) {
      behind(out);
      return false;
    }
    cursor = at;
    if (!events.isEmpty()) {
      out.write(Frames.events(events, bytes));
    }
    return true;
  }

  /** The cursor is below the window: read it back in if the cluster still has it, else give up. */
  private void behind(Outbox out) {
    if (covering) {
      return;
    }
    covering = true;
    long at = cursor;
    log.cover(at).onComplete(ar -> {
      covering = false;
      if (stopped) {
        return;
      }
      if (ar.succeeded() && ar.result()) {
        out.ready(this);
      } else {
        owner.fellBehind(at);
      }
    });
  }
}
