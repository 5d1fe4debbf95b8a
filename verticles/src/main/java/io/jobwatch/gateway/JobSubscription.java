package io.jobwatch.gateway;

import io.jobwatch.registry.AppMessage;
import io.jobwatch.registry.JobReads;
import io.jobwatch.registry.RunLogPage;
import io.jobwatch.registry.SubscribeSnapshot;
import io.jobwatch.shared.json.Json;

/**
 * One socket's follow of one job (PROTOCOL.md §3 resume rules): CURRENT_JOB_STATUS first, then
 * the lines after the socket's last line, each once and in order, then new lines as they are
 * written; every later change of the job once, in seq order. Lines are pulled by number when the
 * socket has room, from the frame its loop read for everyone ({@link JobFollow}) or, for a socket
 * that stands elsewhere, from a read of its own: nothing piles up for a slow reader.
 */
final class JobSubscription implements Outbox.Source {
  /** What the session does for its subscription. */
  interface Owner {
    /** The job was removed: the socket follows it no more. */
    void removed(String jobId);
  }

  private final String jobId;
  private final JobFollow follow;
  private final JobReads store;
  private final Outbox out;
  private final Owner owner;
  private int attempt;
  private int lastLine;
  private long lastSeq;
  private boolean started;
  private boolean stopped;
  /** Lines read for this socket alone (its snapshot, or a catch-up read). */
  private RunLogPage own;
  private boolean reading;

  JobSubscription(String jobId, JobFollow follow, JobReads store, Outbox out, Owner owner) {
    this.jobId = jobId;
    this.follow = follow;
    this.store = store;
    this.out = out;
    this.owner = owner;
  }

  /** Sends the snapshot's status and messages, then its lines; false when the job is finished (nothing follows). */
  boolean start(SubscribeSnapshot snapshot) {
    out.send(Frames.currentStatus(jobId, Json.bytes(snapshot.job())));
    started = true;
    lastSeq = snapshot.job().seq;
    attempt = snapshot.job().attempt;
    if (snapshot.job().state.isFinished()) {
      return false;
    }
    if (snapshot.job().callbacks) {
      for (AppMessage m : snapshot.messages()) {
        out.send(Frames.appMessage(jobId, m.messageId(), m.data()));
      }
    }
    own = snapshot.lines();
    lastLine = own.first() - 1;
    follow.linesExist(attempt, own.lastLine());
    out.ready(this);
    return true;
  }

  void stop() {
    stopped = true;
    out.forget(this);
  }

  int attempt() {
    return attempt;
  }

  int lastLine() {
    return lastLine;
  }

  /** More lines may exist: pull when there is room. */
  void linesExist() {
    if (started && !stopped) {
      out.ready(this);
    }
  }

  /** A change of the job: sent once, in seq order; a new attempt's lines start at 1. */
  void status(long seq, int jobAttempt, boolean removed, byte[] frame) {
    if (!started || stopped || seq <= lastSeq) {
      return;
    }
    lastSeq = seq;
    out.send(frame);
    if (removed) {
      owner.removed(jobId);
    } else if (jobAttempt > attempt) {
      attempt = jobAttempt;
      lastLine = 0;
      own = null;
      out.ready(this);
    }
  }

  void appMessage(byte[] frame) {
    if (started && !stopped) {
      out.send(frame);
    }
  }

  @Override
  public boolean pull(Outbox out) {
    while (!stopped && out.hasRoom()) {
      int known = Math.max(follow.available(attempt), own != null && own.attempt() == attempt ? own.lastLine() : 0);
      if (lastLine >= known) {
        return false;
      }
      int wanted = lastLine + 1;
      byte[] frame = follow.frameAt(attempt, wanted);
      RunLogPage page = follow.pageWith(attempt, wanted);
      if (page == null && own != null && own.attempt() == attempt && wanted >= own.first()
          && wanted < own.first() + own.texts().size()) {
        page = own;
      }
      if (page == null) {
        if (!follow.fetchFor(attempt, lastLine)) {
          readOwn();
        }
        return false;
      }
      if (frame == null) {
        frame = Frames.runLog(jobId, attempt, wanted, page.texts().subList(wanted - page.first(), page.texts().size()));
      }
      out.write(frame);
      lastLine = page.first() + page.texts().size() - 1;
    }
    return !stopped;
  }

  private void readOwn() {
    if (reading) {
      return;
    }
    reading = true;
    int ofAttempt = attempt;
    store.lines(jobId, ofAttempt, lastLine, JobFollow.CHUNK).onComplete(ar -> {
      reading = false;
      if (stopped || ofAttempt != attempt || ar.failed()) {
        return; // a new attempt restarted the lines; a failed read is retried by the periodic check
      }
      own = ar.result();
      follow.linesExist(ofAttempt, own.lastLine());
      out.ready(this);
    });
  }
}
