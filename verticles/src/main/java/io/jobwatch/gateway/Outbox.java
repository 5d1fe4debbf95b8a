package io.jobwatch.gateway;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.LinkedHashSet;

/**
 * What one socket sends, paced by the socket. Frames that exist once (answers, statuses,
 * messages, summaries) are written at once while the connection takes them and otherwise wait in
 * a bounded queue; everything that can be read again later (queue events by offset, run-log lines
 * by number) is pulled from its {@link Source} only when there is room, so a slow reader lags
 * without costing memory and catches up at its own pace. Writes are flushed once, after the
 * tasks the event loop has at hand (replies to pipelined calls finish together): one system call
 * for many frames. Used on the socket's event loop only.
 */
final class Outbox {
  /** Where frames go: the socket, or a test's recorder. */
  interface Sink {
    /** Whether the connection takes more now. */
    boolean writable();

    /** Writes a frame; it may be held back until {@link #push} or {@link #flush}. */
    void write(byte[] frame);

    /** Hands what {@link #write} held back to the connection, without flushing it. */
    default void push() {
    }

    /** Pushes, then sends what the connection holds. */
    void flush();
  }

  /** Something that writes frames while there is room. */
  interface Source {
    /** Writes what it has while {@link Outbox#hasRoom()}; true when it stopped for lack of room with more to send. */
    boolean pull(Outbox out);
  }

  private final Sink sink;
  private final Executor later;
  private final long maxQueuedBytes;
  private final Runnable overflow;
  private final ArrayDeque<byte[]> queued = new ArrayDeque<>();
  private final LinkedHashSet<Source> ready = new LinkedHashSet<>();
  private long queuedBytes;
  private boolean pumping;
  private boolean wrote;
  private boolean closed;
  private boolean flushPending;

  /**
   * {@code later} runs the flush after the event loop's pending tasks; {@code overflow} runs once
   * when more than {@code maxQueuedBytes} of frames wait for the socket.
   */
  Outbox(Sink sink, Executor later, long maxQueuedBytes, Runnable overflow) {
    this.sink = sink;
    this.later = later;
    this.maxQueuedBytes = maxQueuedBytes;
    this.overflow = overflow;
  }

  /** Sends a frame now if the connection takes it, else after those already waiting. */
  void send(byte[] frame) {
    if (closed) {
      return;
    }
    if (queued.isEmpty() && !pumping && sink.writable()) {
      sink.write(frame);
      flushSoon();
      return;
    }
    queued.add(frame);
    queuedBytes += frame.length;
    if (queuedBytes > maxQueuedBytes) {
      closed = true;
      queued.clear();
      ready.clear();
      overflow.run();
      return;
    }
    pump();
  }

  /** The source has something to send: it is pulled when there is room. */
  void ready(Source source) {
    if (closed) {
      return;
    }
    ready.add(source);
    pump();
  }

  /** The source has nothing to send any more (it was dropped). */
  void forget(Source source) {
    ready.remove(source);
  }

  boolean hasRoom() {
    return !closed && sink.writable();
  }

  /** For sources, during {@link Source#pull}. */
  void write(byte[] frame) {
    sink.write(frame);
    wrote = true;
  }

  /** Writes what waits, then what the sources have, while the connection takes it. */
  void pump() {
    if (pumping || closed) {
      return;
    }
    pumping = true;
    try {
      while (true) {
        while (!queued.isEmpty() && sink.writable()) {
          byte[] frame = queued.poll();
          queuedBytes -= frame.length;
          write(frame);
        }
        // Waiting frames go first; a source's turn comes when they are out (a pull may queue more).
        if (!queued.isEmpty() || ready.isEmpty() || !hasRoom()) {
          break;
        }
        Source next = ready.iterator().next();
        ready.remove(next);
        if (next.pull(this)) {
          ready.add(next);
        }
      }
    } finally {
      pumping = false;
      if (wrote) {
        wrote = false;
        // In the connection before anything else is written to it (a close frame, say).
        sink.push();
        flushSoon();
      }
    }
  }

  private void flushSoon() {
    if (!flushPending) {
      flushPending = true;
      later.execute(() -> {
        flushPending = false;
        if (!closed) {
          sink.flush();
        }
      });
    }
  }

  /** Nothing more goes out (the socket closed). */
  void close() {
    closed = true;
    queued.clear();
    ready.clear();
    sink.push();
  }
}
