package io.jobwatch.gateway;

import io.jobwatch.auth.Caller;
import io.jobwatch.registry.RunLogPage;
import io.jobwatch.shared.json.Json;
import io.jobwatch.shared.protocol.Addresses;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * This node's follow of one job: one consumer of the job's address, however many sockets follow
 * it. New lines are read from the store once, by number, and offered as one encoded message to
 * every socket; a socket that is not exactly at the chunk's first line catches up on its own.
 */
final class JobFollow {
  /** Lines read per store call. */
  static final int CHUNK = 500;

  private final GatewayVerticle gateway;
  final String jobId;
  final Set<WsSession> sessions = new LinkedHashSet<>();
  private final MessageConsumer<Buffer> consumer;
  private int attempt = -1;
  /** Last line of {@link #attempt} read from the store and offered; -1 until the first append is heard of. */
  private int fetched = -1;
  private int wanted;
  private boolean fetching;
  private long lastSeq;

  JobFollow(GatewayVerticle gateway, String jobId) {
    this.gateway = gateway;
    this.jobId = jobId;
    this.consumer = gateway.vertx().eventBus().consumer(Addresses.job(jobId), m -> onMessage(m.body()));
    consumer.completion().onFailure(t -> java.util.logging.Logger.getLogger(JobFollow.class.getName())
        .warning("cannot register for job " + jobId + " events (the periodic check still catches up): " + t));
  }

  /**
   * Answers at once: the snapshot a socket takes next does not wait for the consumer's
   * registration to spread through the cluster (after a member loss that can take long); what a
   * late registration misses, the periodic check reads from the store.
   */
  Future<Void> ready() {
    return Future.succeededFuture();
  }

  void close() {
    consumer.unregister();
  }

  /** The last line this node has read of the attempt, or -1. */
  int fetched(int ofAttempt) {
    return ofAttempt == attempt ? fetched : -1;
  }

  private void onMessage(Buffer body) {
    JsonObject message = body.toJsonObject();
    switch (message.getString("type", "")) {
      case "RUNLOG_APPENDED" -> linesExist(message.getInteger("attempt"), message.getInteger("startLine"),
          message.getInteger("endLine"));
      case "JOB_STATUS_UPDATED" -> status(message.getLong("seq"), message.getJsonObject("data"),
          message.getBoolean("removed", false), body.toString());
      case "APP_MESSAGE" -> {
        String text = body.toString();
        for (WsSession s : Set.copyOf(sessions)) {
          s.offerAppMessage(jobId, text);
        }
      }
      default -> {
      }
    }
  }

  private void status(long seq, JsonObject job, boolean removed, String frame) {
    lastSeq = Math.max(lastSeq, seq);
    int jobAttempt = job.getInteger("attempt");
    for (WsSession s : Set.copyOf(sessions)) {
      s.offerStatus(jobId, seq, jobAttempt, removed, frame);
    }
  }

  /** Lines up to {@code endLine} of {@code ofAttempt} exist in the store. */
  void linesExist(int ofAttempt, int startLine, int endLine) {
    if (ofAttempt > attempt) {
      attempt = ofAttempt;
      fetched = startLine - 1;
      wanted = 0;
    } else if (ofAttempt < attempt) {
      return;
    }
    if (fetched < 0) {
      fetched = startLine - 1;
    }
    wanted = Math.max(wanted, endLine);
    pump();
  }

  /** From the periodic check: where the job stands in the store. Sockets that are behind catch up. */
  void check(long seq, int jobAttempt, int lines) {
    if (fetched >= 0 && jobAttempt == attempt && lines > fetched) {
      wanted = Math.max(wanted, lines);
      pump();
    }
    for (WsSession s : Set.copyOf(sessions)) {
      s.storeHas(jobId, jobAttempt, lines);
    }
    if (seq > lastSeq) {
      lastSeq = seq;
      gateway.store.snapshot(Caller.HUB, jobId, null, 0, 0).onSuccess(snap -> {
        String frame = "{\"type\":\"JOB_STATUS_UPDATED\",\"jobId\":" + Json.string(jobId)
            + ",\"seq\":" + snap.job().seq + ",\"data\":" + Json.string(snap.job()) + "}";
        for (WsSession s : Set.copyOf(sessions)) {
          s.offerStatus(jobId, snap.job().seq, snap.job().attempt, false, frame);
        }
      });
    }
  }

  private void pump() {
    if (fetching || fetched >= wanted) {
      return;
    }
    fetching = true;
    int ofAttempt = attempt;
    gateway.store.lines(jobId, ofAttempt, fetched, CHUNK).onComplete(ar -> {
      fetching = false;
      if (ar.failed() || ofAttempt != attempt) {
        pump();
        return;
      }
      RunLogPage page = ar.result();
      if (!page.texts().isEmpty()) {
        String frame = Frames.runLog(jobId, ofAttempt, page.first(), page.texts());
        int last = page.first() + page.texts().size() - 1;
        fetched = last;
        for (WsSession s : Set.copyOf(sessions)) {
          s.offerLines(jobId, ofAttempt, page.first(), last, frame);
        }
      }
      wanted = Math.max(wanted, page.lastLine());
      if (page.texts().isEmpty()) {
        wanted = fetched;
      }
      pump();
    });
  }
}
