package io.jobwatch.node;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The part of a warm start's traffic that comes and goes, for as long as the load runs: probes,
 * reads of the job list, a job and its run log, and sockets that open, declare interest or follow
 * a job, ping and close. Real traffic brings these all the time (a subscriber connects, a dashboard
 * reads, a probe asks); when the warm-up brought them only at its start, the JIT compiled the HTTP
 * paths for the workers' types alone, and the first real client's handshake or GET threw that code
 * away (class_check traps in Netty's response encoder, README, Performance).
 */
final class WarmupVisitor {
  private static final long ANSWER_SECONDS = 30;

  /** The HTTP side of the load: an answered GET, failing on an answer that is not a success. */
  @FunctionalInterface
  interface Reader {
    CompletableFuture<?> get(String path);
  }

  /** Opens a socket to the node's WebSocket with the load's token. */
  @FunctionalInterface
  interface Sockets {
    CompletableFuture<WebSocket> open(WebSocket.Listener listener);
  }

  private final Reader reader;
  private final Sockets sockets;
  private final Supplier<String> recentJob;
  private final long until;
  private final AtomicLong visits = new AtomicLong();

  WarmupVisitor(Reader reader, Sockets sockets, Supplier<String> recentJob, long untilNanos) {
    this.reader = reader;
    this.sockets = sockets;
    this.recentJob = recentJob;
    this.until = untilNanos;
  }

  /** Rounds completed so far. */
  long visits() {
    return visits.get();
  }

  /** Visits until the time is up; completes when the last round has. */
  CompletableFuture<Void> run() {
    return round(0);
  }

  private CompletableFuture<Void> round(int n) {
    if (System.nanoTime() > until) {
      return CompletableFuture.completedFuture(null);
    }
    String job = recentJob.get();
    CompletableFuture<?> reads = reader.get("/health").thenCompose(x -> reader.get("/ready"))
        .thenCompose(x -> reader.get("/jobs?per_page=20"))
        .thenCompose(x -> job == null ? CompletableFuture.completedFuture(null) : reader.get("/jobs/" + job)
            .thenCompose(y -> reader.get("/jobs/" + job + "/runlog?limit=10")));
    String first = n % 3 == 2 && job != null
        ? "{\"type\":\"subscribe\",\"subscriptions\":[{\"jobId\":\"" + job + "\"}]}"
        : "{\"type\":\"interest\",\"data\":[\"queue\"],\"batch\":" + (n % 3 == 1) + "}";
    return reads.thenCompose(x -> briefSocket(first)).thenCompose(x -> {
      visits.incrementAndGet();
      return round(n + 1);
    });
  }

  /** A socket that sends {@code first}, waits for the answer, pings and closes. */
  private CompletableFuture<Void> briefSocket(String first) {
    FirstAnswer answer = new FirstAnswer();
    return sockets.open(answer).thenCompose(socket -> socket.sendText(first, true)
        .thenCompose(s -> answer.received.orTimeout(ANSWER_SECONDS, TimeUnit.SECONDS))
        .thenCompose(s -> socket.sendPing(ByteBuffer.allocate(0)))
        .thenCompose(s -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "warm-up visit done"))
        .thenCompose(s -> answer.closed.orTimeout(ANSWER_SECONDS, TimeUnit.SECONDS))
        .whenComplete((s, failure) -> socket.abort())
        .thenApply(s -> null));
  }

  /** Notes the first message and the server's close; reads whatever else comes. */
  private static final class FirstAnswer implements WebSocket.Listener {
    final CompletableFuture<Void> received = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      if (last) {
        received.complete(null);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
      closed.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      received.completeExceptionally(error);
      closed.completeExceptionally(error);
    }
  }
}
