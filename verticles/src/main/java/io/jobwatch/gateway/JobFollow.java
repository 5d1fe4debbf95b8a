package io.jobwatch.gateway;

import io.jobwatch.auth.Caller;
import io.jobwatch.registry.JobReads;
import io.jobwatch.registry.RunLogPage;
import io.jobwatch.registry.SubscribeSnapshot;
import io.vertx.core.Future;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One event loop's follow of one job, however many of its sockets follow it. The loop's gateway
 * is a follower of the job in the store (so every change is sent to this node); new lines are read
 * from the store once, by number, and kept as one encoded frame for every socket that is right
 * at them. A socket elsewhere reads for itself ({@link JobSubscription}). Used on one event loop.
 */
final class JobFollow {
  /** Lines read per store call. */
  static final int CHUNK = 500;

  private final JobReads store;
  final String jobId;
  private final String follower;
  final Set<JobSubscription> subscriptions = new LinkedHashSet<>();
  private Future<SubscribeSnapshot> registering;
  private boolean registered;
  /** The attempt whose lines are known, and how many of them exist. */
  private int attempt = -1;
  private int available;
  /** The last lines read, and their frame. */
  private RunLogPage recent;
  private byte[] recentFrame;
  private boolean fetching;
  private int fetchingAfter;
  private long lastSeq;

  JobFollow(JobReads store, String jobId, String follower) {
    this.store = store;
    this.jobId = jobId;
    this.follower = follower;
  }

  /**
   * What a socket gets first. The first subscriber makes this loop a follower in the same step
   * (with his rights: a refused one follows nothing); later ones read after that step is done.
   */
  Future<SubscribeSnapshot> subscribe(Caller caller, Integer attemptAsked, int lastLine) {
    if (registered) {
      return store.snapshot(caller, jobId, attemptAsked, lastLine, CHUNK);
    }
    if (registering != null) {
      return registering.transform(x -> subscribe(caller, attemptAsked, lastLine));
    }
    Future<SubscribeSnapshot> follow = store.follow(caller, jobId, follower, attemptAsked, lastLine, CHUNK);
    registering = follow;
    follow.onComplete(ar -> {
      registering = null;
      registered = ar.succeeded();
    });
    return follow;
  }

  /** Nobody on this loop follows the job any more. */
  void close() {
    if (registered) {
      store.unfollow(jobId, follower);
    }
  }

  /** Lines {@code ..endLine} of {@code ofAttempt} exist (a RUNLOG_APPENDED, a snapshot, the periodic check). */
  void linesExist(int ofAttempt, int endLine) {
    if (ofAttempt > attempt) {
      attempt = ofAttempt;
      available = endLine;
      recent = null;
      recentFrame = null;
    } else if (ofAttempt == attempt && endLine > available) {
      available = endLine;
    } else {
      return;
    }
    wakeAll();
  }

  /** How many lines of this attempt are known to exist (-1: not known here). */
  int available(int ofAttempt) {
    return ofAttempt == attempt ? available : -1;
  }

  /** The frame of the last lines read if it starts at {@code startLine} of {@code ofAttempt}, else null. */
  byte[] frameAt(int ofAttempt, int startLine) {
    return recent != null && ofAttempt == attempt && recent.first() == startLine ? recentFrame : null;
  }

  /** The last lines read, if they hold {@code line} of {@code ofAttempt}, else null. */
  RunLogPage pageWith(int ofAttempt, int line) {
    return recent != null && ofAttempt == attempt && line >= recent.first()
        && line < recent.first() + recent.texts().size() ? recent : null;
  }

  /** A change of the job (JOB_STATUS_UPDATED from the node that made it, or the periodic check). */
  void status(long seq, int jobAttempt, boolean removed, byte[] frame) {
    lastSeq = Math.max(lastSeq, seq);
    for (JobSubscription s : List.copyOf(subscriptions)) {
      s.status(seq, jobAttempt, removed, frame);
    }
  }

  long lastSeq() {
    return lastSeq;
  }

  /**
   * Reads the lines after {@code line} once for every socket that stands there; false when a read
   * of other lines runs (the socket then reads for itself).
   */
  boolean fetchFor(int ofAttempt, int line) {
    if (ofAttempt != attempt) {
      return false;
    }
    if (fetching) {
      return fetchingAfter == line;
    }
    fetching = true;
    fetchingAfter = line;
    store.lines(jobId, ofAttempt, line, CHUNK).onComplete(ar -> {
      fetching = false;
      if (ar.failed()) {
        return; // the periodic check wakes the sockets again
      }
      RunLogPage page = ar.result();
      if (ofAttempt == attempt && !page.texts().isEmpty()) {
        recent = page;
        recentFrame = Frames.runLog(jobId, ofAttempt, page.first(), page.texts());
        available = Math.max(available, page.lastLine());
      }
      wakeAll();
    });
    return true;
  }

  private void wakeAll() {
    for (JobSubscription s : List.copyOf(subscriptions)) {
      s.linesExist();
    }
  }
}
