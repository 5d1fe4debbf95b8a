package io.jobwatch.client;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Follows one job (PROTOCOL.md §3 {@code subscribe}): its changes in {@code seq} order and its run
 * log line by line, each once. After a disconnect it asks again, on whatever node the client moved
 * to, from its attempt and last line, so nothing is skipped or repeated.
 */
public final class JobFollow {
  /** What a follower hears. Every method has a default that ignores it. */
  public interface Listener {
    /** The job as it is (first) and after each change. */
    default void status(JsonObject job) {
    }

    /** Lines {@code firstLine..} of {@code attempt}, in order, each once; a new attempt starts at line 1. */
    default void lines(int attempt, int firstLine, List<String> lines) {
    }

    /** An APP_MESSAGE of the job. */
    default void message(String messageId, JsonObject data) {
    }

    /** The job was removed: its last record; nothing more comes. */
    default void removed(JsonObject lastRecord) {
    }

    /** The job cannot be followed: no such job (any more), or not for this user. */
    default void gone(String code, String message) {
    }
  }

  private static final int MESSAGES_REMEMBERED = 1000;
  private final JobwatchClient client;
  private final String jobId;
  private final Listener listener;
  private Integer attempt;
  private int lastLine;
  private long lastSeq;
  private boolean stopped;
  private final Set<String> messagesSeen = new LinkedHashSet<>();

  JobFollow(JobwatchClient client, String jobId, Integer attempt, int lastLine, Listener listener) {
    this.client = client;
    this.jobId = jobId;
    this.attempt = attempt;
    this.lastLine = lastLine;
    this.listener = listener;
  }

  public String jobId() {
    return jobId;
  }

  /** The attempt whose lines are being followed (null before the first status). */
  public Integer attempt() {
    return attempt;
  }

  public int lastLine() {
    return lastLine;
  }

  /** The seq of the last change heard. */
  public long seq() {
    return lastSeq;
  }

  /** Stops following. */
  public void close() {
    stopped = true;
    client.unfollow(jobId, this);
  }

  void stopped() {
    stopped = true;
  }

  void subscribe() {
    JsonObject subscription = new JsonObject().put("jobId", jobId).put("lastLine", lastLine);
    if (attempt != null) {
      subscription.put("attempt", attempt);
    }
    client.send(new JsonObject().put("type", "subscribe").put("subscriptions", new JsonArray().add(subscription)));
  }

  void onMessage(JsonObject m) {
    if (stopped) {
      return;
    }
    switch (m.getString("type")) {
      case "CURRENT_JOB_STATUS" -> status(m.getJsonObject("data"));
      case "JOB_STATUS_UPDATED" -> {
        status(m.getJsonObject("data"));
        if (m.getBoolean("removed", false)) {
          stopped = true;
          listener.removed(m.getJsonObject("data"));
        }
      }
      case "RUNLOG_UPDATED" -> lines(m.getInteger("attempt"), m.getInteger("startLine"), m.getJsonArray("lines"));
      case "APP_MESSAGE" -> {
        String id = m.getString("messageId");
        if (messagesSeen.add(id)) {
          if (messagesSeen.size() > MESSAGES_REMEMBERED) {
            messagesSeen.remove(messagesSeen.iterator().next());
          }
          listener.message(id, m.getJsonObject("data"));
        }
      }
      default -> {
      }
    }
  }

  void onError(JsonObject m) {
    stopped = true;
    listener.gone(m.getString("code"), m.getString("message"));
  }

  private void status(JsonObject job) {
    long seq = job.getLong("seq", 0L);
    int jobAttempt = job.getInteger("attempt", 0);
    if (attempt == null || jobAttempt != attempt) {
      // The server sends another attempt's lines from line 1.
      attempt = jobAttempt;
      lastLine = 0;
    }
    if (seq > lastSeq) {
      lastSeq = seq;
      listener.status(job);
    }
  }

  private void lines(int ofAttempt, int start, JsonArray texts) {
    if (attempt == null || ofAttempt != attempt) {
      attempt = ofAttempt;
      lastLine = 0;
    }
    int end = start + texts.size() - 1;
    if (end <= lastLine || start > lastLine + 1) {
      return; // had them already, or a gap the server fills again after a resume
    }
    List<String> fresh = new ArrayList<>();
    for (int n = lastLine + 1; n <= end; n++) {
      fresh.add(texts.getString(n - start));
    }
    int first = lastLine + 1;
    lastLine = end;
    listener.lines(ofAttempt, first, fresh);
  }
}
