package io.jobwatch.gateway;

import io.jobwatch.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * The HTTP API as the worker channel (PROTOCOL.md §3 {@code call}) reaches it: a request made over
 * a socket, answered exactly as HTTP would answer it. Provided by the HTTP layer.
 */
public interface WorkerCalls {
  /** The answer's status and JSON body. */
  record Answer(int status, Buffer body) {
  }

  /**
   * Answers {@code method} on {@code target} (a path under {@code /api/v1}, with its query string)
   * with this body (null: none), as {@code caller} connected from {@code clientAddress}; never
   * fails: errors are answers too.
   */
  Future<Answer> call(Caller caller, String clientAddress, String method, String target, Object body);

  /** The key that orders calls: the job a call is about (its path's job id, or the id a create asks for), else null. */
  String orderingKey(String method, String target, Object body);
}
