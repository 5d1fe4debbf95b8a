package io.jobwatch.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queue wake-ups: at once after a quiet spell, gathered under load, each waiting socket once. */
class QueueWakeupsTest {
  private static final long INTERVAL_MS = 50;

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final QueueWakeups wakeups = new QueueWakeups(vertx, INTERVAL_MS, clock::get);
  private final List<String> woken = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private QueueWakeups.Sleeper sleeper(String name) {
    return () -> woken.add(name);
  }

  /** Runs on the wake-ups' event loop, as the gateway does; answers what {@code step} returns. */
  private <T> T onLoop(Supplier<T> step) throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        done.complete(step.get());
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    return done.get(10, TimeUnit.SECONDS);
  }

  private void waitFor(Supplier<Boolean> condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.get()) {
      assertTrue(System.nanoTime() < end, "timed out; woken: " + woken);
      Thread.sleep(5);
    }
  }

  @Test
  void verifiesThatTheFirstEventsAfterAQuietSpellWakeWaitingSocketsAtOnce() throws Exception {
    List<String> seen = onLoop(() -> {
      wakeups.add(sleeper("a"));
      wakeups.add(sleeper("b"));
      wakeups.eventsAppended();
      return List.copyOf(woken);
    });
    assertEquals(List.of("a", "b"), seen);
  }

  @Test
  void verifiesThatEventsWithinTheIntervalGatherIntoOneWakeUpPerSocket() throws Exception {
    QueueWakeups.Sleeper a = sleeper("a");
    onLoop(() -> {
      wakeups.add(a);
      wakeups.eventsAppended();
      return null;
    });
    List<String> right = onLoop(() -> {
      wakeups.add(a);
      wakeups.add(sleeper("b"));
      for (int i = 0; i < 10; i++) {
        wakeups.eventsAppended();
      }
      return List.copyOf(woken);
    });
    assertEquals(List.of("a"), right, "within the interval nobody is woken at once");
    waitFor(() -> woken.size() == 3);
    assertEquals(List.of("a", "a", "b"), woken);
    // Woken sockets wait again only when they ask to: more events wake nobody.
    onLoop(() -> {
      clock.addAndGet(INTERVAL_MS);
      wakeups.eventsAppended();
      return null;
    });
    assertEquals(3, woken.size());
  }

  @Test
  void verifiesThatASocketThatStoppedWaitingIsNotWoken() throws Exception {
    QueueWakeups.Sleeper gone = sleeper("gone");
    List<String> seen = onLoop(() -> {
      wakeups.add(gone);
      wakeups.add(sleeper("stays"));
      wakeups.remove(gone);
      wakeups.eventsAppended();
      return List.copyOf(woken);
    });
    assertEquals(List.of("stays"), seen);
  }

  @Test
  void verifiesThatEventsWithNobodyWaitingDoNotDelayTheNextWakeUp() throws Exception {
    List<String> seen = onLoop(() -> {
      wakeups.eventsAppended();
      wakeups.add(sleeper("late"));
      wakeups.eventsAppended();
      return List.copyOf(woken);
    });
    assertEquals(List.of("late"), seen);
  }

  @Test
  void verifiesThatAClockSetBackDelaysAWakeUpByNoMoreThanTheInterval() throws Exception {
    onLoop(() -> {
      wakeups.add(sleeper("a"));
      wakeups.eventsAppended();
      return null;
    });
    onLoop(() -> {
      clock.addAndGet(-3_600_000);
      wakeups.add(sleeper("b"));
      wakeups.eventsAppended();
      return null;
    });
    waitFor(() -> woken.size() == 2);
    assertEquals(List.of("a", "b"), woken);
  }

  @Test
  void verifiesThatAnIntervalUnderOneMillisecondIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new QueueWakeups(vertx, 0, clock::get));
  }
}
