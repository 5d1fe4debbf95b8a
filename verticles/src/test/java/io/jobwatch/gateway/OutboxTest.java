package io.jobwatch.gateway;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.jobwatch.gateway.RecordingSink.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox alone: pacing by the socket, order, bounds, fairness and one flush per round. */
class OutboxTest {

  /** A source of numbered frames. */
  private static final class Numbers implements Outbox.Source {
    final String name;
    int next;
    final int last;

    Numbers(String name, int last) {
      this.name = name;
      this.last = last;
    }

    @Override
    public boolean pull(Outbox out) {
      while (next < last && out.hasRoom()) {
        out.write(bytes(name + next++));
      }
      return next < last;
    }
  }

  @Test
  void verifiesThatAFrameGoesOutAtOnceWhileTheSocketTakesIt() {
    RecordingSink sink = new RecordingSink();
    Outbox out = new Outbox(sink, Runnable::run, 1000, () -> {
      throw new AssertionError("no overflow");
    });
    out.send(bytes("a"));
    assertEquals(List.of("a"), sink.frames);
    assertEquals(1, sink.flushes);
  }

  @Test
  void verifiesThatFramesWaitInOrderWhileTheSocketIsFullAndGoOutWhenItDrains() {
    RecordingSink sink = new RecordingSink();
    sink.room = 0;
    Outbox out = new Outbox(sink, Runnable::run, 1000, () -> {
      throw new AssertionError("no overflow");
    });
    out.send(bytes("a"));
    out.send(bytes("b"));
    assertTrue(sink.frames.isEmpty());
    sink.room = -1;
    out.pump();
    assertEquals(List.of("a", "b"), sink.frames);
    assertEquals(1, sink.flushes, "one flush for the round");
  }

  @Test
  void verifiesThatFramesThatCannotBeReadAgainAreBoundedAndTheOverflowIsReportedOnce() {
    RecordingSink sink = new RecordingSink();
    sink.room = 0;
    List<String> overflows = new ArrayList<>();
    Outbox out = new Outbox(sink, Runnable::run, 10, () -> overflows.add("overflow"));
    out.send(bytes("12345"));
    out.send(bytes("67890"));
    assertTrue(overflows.isEmpty(), "at the bound, not over it");
    out.send(bytes("x"));
    out.send(bytes("y"));
    assertEquals(List.of("overflow"), overflows);
    sink.room = -1;
    out.pump();
    assertTrue(sink.frames.isEmpty(), "nothing goes out after an overflow");
  }

  @Test
  void verifiesThatSourcesArePulledOnlyWhenThereIsRoomAfterWaitingFramesAndTakeTurns() {
    RecordingSink sink = new RecordingSink();
    sink.room = 0;
    Outbox out = new Outbox(sink, Runnable::run, 1000, () -> {
    });
    Numbers a = new Numbers("a", 4);
    Numbers b = new Numbers("b", 4);
    out.send(bytes("first"));
    out.ready(a);
    out.ready(b);
    assertTrue(sink.frames.isEmpty(), "nothing is pulled while the socket is full");
    sink.room = 3;
    out.pump();
    assertEquals(List.of("first", "a0", "a1"), sink.frames, "waiting frames first, then pulls until full");
    sink.room = 2;
    out.pump();
    assertEquals(List.of("first", "a0", "a1", "b0", "b1"), sink.frames, "the source that waited goes next");
    sink.room = -1;
    out.pump();
    assertEquals(List.of("first", "a0", "a1", "b0", "b1", "a2", "a3", "b2", "b3"), sink.frames);
  }

  @Test
  void verifiesThatAFrameSentDuringAPullGoesOutBeforeTheNextPull() {
    RecordingSink sink = new RecordingSink();
    Outbox out = new Outbox(sink, Runnable::run, 1000, () -> {
    });
    Outbox.Source chatty = new Outbox.Source() {
      int pulls;

      @Override
      public boolean pull(Outbox o) {
        o.write(bytes("pulled" + pulls));
        if (pulls++ == 0) {
          o.send(bytes("status"));
          return true;
        }
        return false;
      }
    };
    out.ready(chatty);
    assertEquals(List.of("pulled0", "status", "pulled1"), sink.frames);
    assertEquals(1, sink.flushes, "one flush for the round");
  }

  @Test
  void verifiesThatFramesSentInOneTurnOfTheEventLoopAreFlushedOnceAfterIt() {
    RecordingSink sink = new RecordingSink();
    List<Runnable> later = new ArrayList<>();
    Outbox out = new Outbox(sink, later::add, 1000, () -> {
    });
    out.send(bytes("reply 1"));
    out.send(bytes("reply 2"));
    out.send(bytes("reply 3"));
    assertEquals(List.of("reply 1", "reply 2", "reply 3"), sink.frames);
    assertEquals(0, sink.flushes, "not yet: other replies may follow in this turn");
    assertEquals(1, later.size(), "one flush planned for the turn");
    later.forEach(Runnable::run);
    assertEquals(1, sink.flushes);
  }

  @Test
  void verifiesThatAClosedOutboxSendsNothing() {
    RecordingSink sink = new RecordingSink();
    Outbox out = new Outbox(sink, Runnable::run, 1000, () -> {
    });
    out.close();
    out.send(bytes("a"));
    out.ready(new Numbers("n", 3));
    assertTrue(sink.frames.isEmpty());
  }
}
