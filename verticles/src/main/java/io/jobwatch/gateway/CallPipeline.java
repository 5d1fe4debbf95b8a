package io.jobwatch.gateway;

import io.jobwatch.auth.Caller;
import io.vertx.core.Future;

import java.util.HashMap;
import java.util.Map;

/**
 * One socket's worker-channel calls (PROTOCOL.md §3 {@code call}/{@code reply}): pipelined, each
 * answered once as HTTP would answer it. Calls on one job wait for the one before (so they are
 * applied in the order sent); calls on other jobs do not wait for them, and replies go out in the
 * order they are ready. A client that sends calls faster than they are answered is not read from
 * while {@link #MAX_IN_FLIGHT} of its calls are under way. Used on the socket's event loop only.
 */
final class CallPipeline {
  static final int MAX_IN_FLIGHT = 256;

  /** What the pipeline does with the socket. */
  interface Socket {
    void reply(Object id, WorkerCalls.Answer answer);

    /** Stop reading the client's messages, or read them again. */
    void reading(boolean on);
  }

  private final WorkerCalls calls;
  private final Socket socket;
  private final String clientAddress;
  /** The last call under way per job. */
  private final Map<String, Future<WorkerCalls.Answer>> lastPerJob = new HashMap<>();
  private int inFlight;
  private boolean paused;

  CallPipeline(WorkerCalls calls, Socket socket, String clientAddress) {
    this.calls = calls;
    this.socket = socket;
    this.clientAddress = clientAddress;
  }

  void call(Caller caller, Object id, String method, String target, Object body) {
    String job = calls.orderingKey(method, target, body);
    Future<WorkerCalls.Answer> before = job == null ? null : lastPerJob.get(job);
    Future<WorkerCalls.Answer> answer = before == null ? calls.call(caller, clientAddress, method, target, body)
        : before.transform(x -> calls.call(caller, clientAddress, method, target, body));
    if (job != null) {
      lastPerJob.put(job, answer);
    }
    if (++inFlight >= MAX_IN_FLIGHT && !paused) {
      paused = true;
      socket.reading(false);
    }
    answer.onComplete(ar -> {
      if (job != null && lastPerJob.get(job) == answer) {
        lastPerJob.remove(job);
      }
      if (--inFlight <= MAX_IN_FLIGHT / 2 && paused) {
        paused = false;
        socket.reading(true);
      }
      socket.reply(id, ar.result());
    });
  }

  int inFlight() {
    return inFlight;
  }
}
