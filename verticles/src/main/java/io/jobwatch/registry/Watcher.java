package io.jobwatch.registry;

import com.hazelcast.map.IMap;
import com.hazelcast.ringbuffer.ReadResultSet;
import io.jobwatch.auth.Caller;
import io.jobwatch.registry.RegistryCommand.Watch;
import io.jobwatch.shared.json.Json;
import io.jobwatch.shared.model.Job;
import io.jobwatch.shared.protocol.ApiError;
import io.jobwatch.shared.protocol.QueueEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * {@code GET /jobs/watch}. From a cursor, the answer is read from the queue history: each event
 * carries the job as it was right after it, so the last event of each job in the range is that
 * job's latest form as of the new cursor. Every change is answered once: in the range that
 * contains it, never again. Only when the cursor's offset has been overwritten (or a time is
 * given instead) are jobs scanned by their {@code updated} time; that path can repeat a job that
 * changed while it ran.
 */
final class Watcher {
  /** Most history batches read for one answer; the rest comes with the next call. */
  private static final int MAX_BATCHES = 10;

  private final Vertx vertx;
  private final IMap<String, JobRecord> jobs;
  private final QueueHistory history;
  private final JobStore store;

  Watcher(Vertx vertx, IMap<String, JobRecord> jobs, JobStore store) {
    this.vertx = vertx;
    this.jobs = jobs;
    this.history = store.history();
    this.store = store;
  }

  Future<Buffer> watch(Watch c) {
    long deadline = System.currentTimeMillis() + c.waitSeconds() * 1000L;
    if (c.cursor() != null) {
      return poll(c.caller(), WatchCursor.decode(c.cursor()), deadline);
    }
    if (c.since() != null) {
      return scan(c.caller(), c.since());
    }
    long now = System.currentTimeMillis();
    return vertx.executeBlocking(history::nextOffsetBlocking, false)
        .compose(next -> poll(c.caller(), new WatchCursor(next, now), deadline));
  }

  private Future<Buffer> poll(Caller caller, WatchCursor cursor, long deadline) {
    Map<String, QueueEvent> latest = new LinkedHashMap<>();
    return readRange(caller, cursor, latest, 0).transform(ar -> {
      if (ar.failed()) {
        Throwable cause = ar.cause() instanceof CompletionException ce ? ce.getCause() : ar.cause();
        if (cause instanceof Overrun) {
          return scan(caller, cursor.time());
        }
        if (cause instanceof IllegalArgumentException) {
          return Future.failedFuture(ApiError.badRequest("cursor is ahead of the queue history"));
        }
        return Future.failedFuture(cause);
      }
      WatchCursor next = ar.result();
      return current(latest).compose(fresh -> {
        long left = deadline - System.currentTimeMillis();
        if (!fresh.isEmpty() || left <= 0) {
          return Future.succeededFuture(answer(fresh, next));
        }
        // Nothing visible yet: wait for the next event (or the deadline), then look again.
        Future<?> arrival = history.read(next.offset(), true);
        return Future.any(arrival, vertx.timer(left)).transform(x -> poll(caller, next, deadline));
      });
    });
  }

  /**
   * Keeps the events that are their job's newest queue event. Two nodes changing one job at once
   * can append its events to the history out of seq order; an event older than the job's newest
   * has been or will be superseded by that one, so answering it would step back in time.
   */
  private Future<List<QueueEvent>> current(Map<String, QueueEvent> latest) {
    if (latest.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return store.lastEventSeqs(latest.keySet()).map(seqs -> {
          List<QueueEvent> fresh = new ArrayList<>();
          for (QueueEvent e : latest.values()) {
            Object now = seqs.get(e.jobId());
            boolean newest = now instanceof Long seq ? seq == e.seq() : e.removed();
            if (newest) {
              fresh.add(e);
            }
          }
          return fresh;
        });
  }

  /** Reads history batches from {@code cursor}, keeping the last visible event per job; answers the next cursor. */
  private Future<WatchCursor> readRange(Caller caller, WatchCursor cursor, Map<String, QueueEvent> latest, int batch) {
    return history.read(cursor.offset(), false).compose(set -> {
      if (QueueHistory.overrun(cursor.offset(), set)) {
        return Future.failedFuture(new Overrun());
      }
      // Hazelcast reads a sequence beyond the newest as the newest: a cursor ahead of the history
      // (forged, or from a cluster that was restarted) would otherwise answer nothing, forever.
      if (set.readCount() > 0 && set.getSequence(0) < cursor.offset()) {
        return Future.failedFuture(new IllegalArgumentException("ahead"));
      }
      if (set.readCount() == 0 && batch == 0) {
        return vertx.executeBlocking(history::nextOffsetBlocking, false).compose(next -> next < cursor.offset()
            ? Future.failedFuture(new IllegalArgumentException("ahead")) : Future.succeededFuture(cursor));
      }
      WatchCursor next = collect(caller, set, cursor, latest);
      boolean more = set.readCount() == history.batch() && batch + 1 < MAX_BATCHES;
      return more ? readRange(caller, next, latest, batch + 1) : Future.succeededFuture(next);
    });
  }

  private static WatchCursor collect(Caller caller, ReadResultSet<QueueEvent> set, WatchCursor cursor,
                                     Map<String, QueueEvent> latest) {
    long time = cursor.time();
    for (int i = 0; i < set.readCount(); i++) {
      QueueEvent e = set.get(i);
      time = Math.max(time, e.created());
      QueueEvent known = latest.get(e.jobId());
      if (caller.canRead(e.jobName(), e.owner()) && (known == null || known.seq() < e.seq())) {
        latest.remove(e.jobId());
        latest.put(e.jobId(), e);
      }
    }
    // An empty read does not know where it stands (its next sequence is not the start): keep ours.
    long next = set.readCount() == 0 ? cursor.offset() : set.getNextSequenceToReadFrom();
    return new WatchCursor(next, time);
  }

  /** The cursor's offset has been overwritten in the history. */
  private static final class Overrun extends RuntimeException {
    Overrun() {
      super(null, null, false, false);
    }
  }

  private Future<Buffer> scan(Caller caller, long since) {
    JobFilter filter = new JobFilter(caller, null, null, null, since);
    return vertx.executeBlocking(() -> {
      long next = history.nextOffsetBlocking();
      long now = System.currentTimeMillis();
      Collection<Job> found = jobs.project(new JobProjection(), filter);
      List<Job> sorted = new ArrayList<>(found);
      sorted.sort(Comparator.comparing(j -> j.updated));
      Buffer out = Buffer.buffer().appendString("{\"result\":[");
      for (int i = 0; i < sorted.size(); i++) {
        out.appendString(i == 0 ? "" : ",").appendBytes(Json.bytes(sorted.get(i)));
      }
      return out.appendString("],\"cursor\":\"").appendString(new WatchCursor(next, now).encode()).appendString("\"}");
    }, false);
  }

  private static Buffer answer(Collection<QueueEvent> events, WatchCursor next) {
    Buffer out = Buffer.buffer().appendString("{\"result\":[");
    boolean first = true;
    for (QueueEvent e : events) {
      out.appendString(first ? "" : ",");
      first = false;
      if (e.removed()) {
        // The job's last record, marked: it is unknown from now on.
        out.appendBuffer(new JsonObject(Buffer.buffer(e.jobJson())).put("removed", true).toBuffer());
      } else {
        out.appendBytes(e.jobJson());
      }
    }
    return out.appendString("],\"cursor\":\"").appendString(next.encode()).appendString("\"}");
  }
}
