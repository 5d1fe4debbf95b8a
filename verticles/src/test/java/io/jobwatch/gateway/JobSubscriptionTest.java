package io.jobwatch.gateway;

import io.jobwatch.auth.Caller;
import io.jobwatch.shared.json.Json;
import io.jobwatch.shared.model.JobState;
import io.jobwatch.shared.protocol.JobStatusFrame;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job follow's resume rules (PROTOCOL.md §3), without a cluster. */
class JobSubscriptionTest {
  private static final Caller ADMIN = new Caller("root", Set.of("admin"), List.of());

  private final FakeJobReads store = new FakeJobReads("j1");
  private final JobFollow follow = new JobFollow(store, "j1", "node/0");

  /** One socket following the job. */
  private final class Socket {
    final RecordingSink sink = new RecordingSink();
    final Outbox out = new Outbox(sink, Runnable::run, 1 << 20, () -> {
      throw new AssertionError("no overflow");
    });
    final List<String> removed = new ArrayList<>();
    final JobSubscription subscription = new JobSubscription("j1", follow, store, out, removed::add);

    boolean subscribe(Integer attempt, int lastLine) {
      follow.subscriptions.add(subscription);
      return subscription.start(follow.subscribe(ADMIN, attempt, lastLine).result());
    }

    List<JsonObject> messages() {
      return sink.frames.stream().map(JsonObject::new).toList();
    }

    /** The line texts sent so far, checking each run-log message starts right after the last. */
    List<String> lines() {
      return lines(0);
    }

    /** The same for a socket that subscribed after line {@code lastLine}. */
    List<String> lines(int lastLine) {
      List<String> lines = new ArrayList<>();
      int attempt = -1;
      int last = lastLine;
      for (JsonObject m : messages()) {
        if ("RUNLOG_UPDATED".equals(m.getString("type"))) {
          if (attempt >= 0 && m.getInteger("attempt") != attempt) {
            lines.clear();
            last = 0;
          }
          attempt = m.getInteger("attempt");
          assertEquals(last + 1, m.getInteger("startLine"), "no gap, no repeat: " + m.encode());
          last = m.getInteger("endLine");
          m.getJsonArray("lines").forEach(l -> lines.add((String) l));
        }
      }
      return lines;
    }
  }

  private static List<String> expected(int attempt, int from, int to) {
    List<String> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add("line " + i + " of attempt " + attempt);
    }
    return out;
  }

  private void written(int count) {
    follow.linesExist(store.job.attempt, store.write(count));
  }

  @Test
  void verifiesThatTheStatusComesFirstThenTheLinesAfterLastLineThenNewLinesEachOnceInOrder() {
    store.write(10);
    Socket s = new Socket();
    assertTrue(s.subscribe(1, 4));
    assertEquals("CURRENT_JOB_STATUS", s.messages().get(0).getString("type"));
    written(3);
    written(2);
    assertEquals(expected(1, 5, 15), s.lines(4));
  }

  @Test
  void verifiesThatAnotherAttemptStartsAtLineOne() {
    store.write(5);
    Socket s = new Socket();
    s.subscribe(7, 3);
    assertEquals(expected(1, 1, 5), s.lines());
  }

  @Test
  void verifiesThatAFinishedJobGetsOnlyItsStatus() {
    store.write(5);
    store.job.state = JobState.COMPLETE;
    Socket s = new Socket();
    assertFalse(s.subscribe(1, 0));
    assertEquals(1, s.sink.frames.size());
    assertEquals("CURRENT_JOB_STATUS", s.messages().get(0).getString("type"));
  }

  @Test
  void verifiesThatASlowSocketTakesLinesAtItsOwnPaceWhileAFastOneOnTheSameLoopKeepsUp() {
    Socket fast = new Socket();
    Socket slow = new Socket();
    fast.subscribe(1, 0);
    slow.subscribe(1, 0);
    slow.sink.room = 0;
    for (int i = 0; i < 20; i++) {
      written(10);
    }
    assertEquals(expected(1, 1, 200), fast.lines());
    assertTrue(slow.lines().isEmpty());
    slow.sink.room = -1;
    slow.out.pump();
    assertEquals(expected(1, 1, 200), slow.lines(), "every line once, in order, nothing lost while it lagged");
  }

  @Test
  void verifiesThatSocketsStandingAtTheSameLineShareOneReadOfNewLines() {
    Socket a = new Socket();
    Socket b = new Socket();
    Socket c = new Socket();
    a.subscribe(1, 0);
    b.subscribe(1, 0);
    c.subscribe(1, 0);
    int before = store.lineReads;
    written(5);
    assertEquals(1, store.lineReads - before, "one store read for three sockets");
    assertEquals(expected(1, 1, 5), a.lines());
    assertEquals(expected(1, 1, 5), c.lines());
  }

  @Test
  void verifiesThatChangesComeOnceInSeqOrderAndANewAttemptRestartsTheLinesAtOne() {
    store.write(3);
    Socket s = new Socket();
    s.subscribe(1, 0);
    long seq = store.job.seq;
    follow.status(seq, 1, false, status(seq, 1));
    follow.status(seq + 1, 1, false, status(seq + 1, 1));
    follow.status(seq + 1, 1, false, status(seq + 1, 1));
    follow.status(seq, 1, false, status(seq, 1));
    store.job.attempt = 2;
    follow.status(seq + 2, 2, false, status(seq + 2, 2));
    written(4);
    List<Long> seqs = s.messages().stream().filter(m -> "JOB_STATUS_UPDATED".equals(m.getString("type")))
        .map(m -> m.getLong("seq")).toList();
    assertEquals(List.of(seq + 1, seq + 2), seqs, "a change the snapshot had, or one already sent, is not sent");
    assertEquals(expected(2, 1, 4), s.lines());
  }

  @Test
  void verifiesThatARemovedJobIsFollowedNoMore() {
    Socket s = new Socket();
    s.subscribe(1, 0);
    follow.status(store.job.seq + 1, 1, true, status(store.job.seq + 1, 1));
    assertEquals(List.of("j1"), s.removed);
  }

  private byte[] status(long seq, int attempt) {
    var job = store.job.copy();
    job.seq = seq;
    job.attempt = attempt;
    return JobStatusFrame.of(job, Json.bytes(job), false);
  }
}
