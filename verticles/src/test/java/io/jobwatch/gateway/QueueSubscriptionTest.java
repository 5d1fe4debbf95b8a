package io.jobwatch.gateway;

import io.jobwatch.auth.Caller;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The queue channel's resume rules (PROTOCOL.md §3), without a cluster. */
class QueueSubscriptionTest {
  private static final Caller ADMIN = new Caller("root", Set.of("admin"), List.of());
  private static final Caller ALICE = new Caller("alice", Set.of("user"), List.of("job:read:shared.*"));

  private final FakeQueueLog log = new FakeQueueLog();
  private final RecordingSink sink = new RecordingSink();
  private final Outbox out = new Outbox(sink, Runnable::run, 1 << 20, () -> {
    throw new AssertionError("no overflow");
  });
  private final List<String> owner = new ArrayList<>();

  private QueueSubscription subscription(Caller caller, boolean batch) {
    return new QueueSubscription(log, Visibility.of(caller), batch, new QueueSubscription.Owner() {
      @Override
      public void waitForEvents(QueueSubscription s) {
        owner.add("wait");
      }

      @Override
      public void fellBehind(long offset) {
        owner.add("behind " + offset);
      }
    });
  }

  /** The offsets of every event sent, single or batched. */
  private List<Long> offsets() {
    List<Long> offsets = new ArrayList<>();
    for (String frame : sink.frames) {
      JsonObject m = new JsonObject(frame);
      if ("events".equals(m.getString("type"))) {
        for (Object e : m.getJsonArray("data")) {
          offsets.add(((JsonObject) e).getLong("offset"));
        }
      } else {
        offsets.add(m.getLong("offset"));
      }
    }
    return offsets;
  }

  private void addEvents(int n) {
    for (int i = 0; i < n; i++) {
      log.add("job", "root");
    }
  }

  @Test
  void verifiesThatWithoutSinceOnlyEventsFromNowOnAreSent() {
    addEvents(5);
    QueueSubscription s = subscription(ADMIN, false);
    QueueSubscription.Start start = s.start(null).result();
    assertTrue(start.recovered());
    out.ready(s);
    assertTrue(sink.frames.isEmpty());
    assertEquals(List.of("wait"), owner, "parked at the newest offset");
    addEvents(2);
    out.ready(s);
    assertEquals(List.of(5L, 6L), offsets());
  }

  @Test
  void verifiesThatSinceResumesRightAfterTheOffsetWhenTheWindowHoldsIt() {
    addEvents(10);
    QueueSubscription s = subscription(ADMIN, false);
    assertTrue(s.start(6L).result().recovered());
    out.ready(s);
    assertEquals(List.of(7L, 8L, 9L), offsets());
  }

  @Test
  void verifiesThatSinceOlderThanTheWindowButKeptByTheClusterIsReadBackAndRecovered() {
    addEvents(10);
    log.windowStart = 8;
    QueueSubscription s = subscription(ADMIN, false);
    assertTrue(s.start(2L).result().recovered());
    out.ready(s);
    assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L, 9L), offsets());
  }

  @Test
  void verifiesThatSinceOlderThanTheKeptHistoryIsNotRecoveredAndStartsAtTheOldestKept() {
    addEvents(10);
    log.forgetBefore(6);
    QueueSubscription s = subscription(ADMIN, false);
    QueueSubscription.Start start = s.start(2L).result();
    assertFalse(start.recovered());
    out.ready(s);
    assertEquals(List.of(6L, 7L, 8L, 9L), offsets());
  }

  @Test
  void verifiesThatSinceAheadOfTheHistoryIsNotRecoveredAndStartsAtTheNewest() {
    addEvents(3);
    QueueSubscription s = subscription(ADMIN, false);
    QueueSubscription.Start start = s.start(50L).result();
    assertFalse(start.recovered());
    assertTrue(start.message().contains("ahead"), start.message());
    addEvents(1);
    out.ready(s);
    assertEquals(List.of(3L), offsets());
  }

  @Test
  void verifiesThatACallerGetsOnlyTheEventsHeMayReadAndTheCursorMovesPastTheOthers() {
    log.add("secret.job", "bob");
    log.add("own.job", "alice");
    log.add("shared.reports", "bob");
    log.add("secret.job", "bob");
    QueueSubscription s = subscription(ALICE, false);
    s.start(-1L);
    out.ready(s);
    assertEquals(List.of(1L, 2L), offsets());
    assertEquals(4, s.cursor());
  }

  @Test
  void verifiesThatABatchedSubscriptionSendsEventsFramesOfAtMostTheBatchLimitInOrder() {
    addEvents(QueueSubscription.MAX_BATCH_EVENTS + 20);
    QueueSubscription s = subscription(ADMIN, true);
    s.start(-1L);
    out.ready(s);
    assertEquals(2, sink.frames.size());
    JsonArray first = new JsonObject(sink.frames.get(0)).getJsonArray("data");
    assertEquals(QueueSubscription.MAX_BATCH_EVENTS, first.size());
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < QueueSubscription.MAX_BATCH_EVENTS + 20; i++) {
      expected.add(i);
    }
    assertEquals(expected, offsets());
  }

  @Test
  void verifiesThatAReaderWithoutRoomLagsAndCatchesUpEachEventOnce() {
    addEvents(10);
    QueueSubscription s = subscription(ADMIN, false);
    s.start(-1L);
    sink.room = 3;
    out.ready(s);
    assertEquals(List.of(0L, 1L, 2L), offsets());
    addEvents(5);
    sink.room = -1;
    out.pump();
    List<Long> expected = new ArrayList<>();
    for (long i = 0; i < 15; i++) {
      expected.add(i);
    }
    assertEquals(expected, offsets());
  }

  @Test
  void verifiesThatAReaderWhoseUnreadEventsTheHistoryOverwroteIsToldItFellBehind() {
    addEvents(10);
    QueueSubscription s = subscription(ADMIN, false);
    s.start(-1L);
    sink.room = 2;
    out.ready(s);
    addEvents(10);
    log.forgetBefore(12);
    sink.room = -1;
    out.pump();
    assertEquals(List.of(0L, 1L), offsets());
    assertEquals(List.of("behind 2"), owner);
  }
}
