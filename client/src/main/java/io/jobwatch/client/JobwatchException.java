package io.jobwatch.client;

import io.vertx.core.json.JsonObject;

/**
 * A refusal or failure of a request: the HTTP status and the contract's error code and message
 * (status 0 when no node could be reached or the connection was lost mid-request).
 */
public final class JobwatchException extends RuntimeException {
  private final int status;
  private final String code;
  private final JsonObject body;

  public JobwatchException(int status, String code, String message, JsonObject body) {
    super(message);
    this.status = status;
    this.code = code;
    this.body = body == null ? new JsonObject() : body;
  }

  static JobwatchException of(int status, JsonObject body) {
    JsonObject b = body == null ? new JsonObject() : body;
    return new JobwatchException(status, b.getString("error", "http_" + status),
        b.getString("message", "the server answered " + status), b);
  }

  static JobwatchException unreachable(String message) {
    return new JobwatchException(0, "unreachable", message, null);
  }

  /** The HTTP status (0: no answer). */
  public int status() {
    return status;
  }

  /** The contract's error code, e.g. {@code invalid_transition}. */
  public String code() {
    return code;
  }

  /** The whole error body (it may hold more, e.g. {@code lastLine} of a {@code line_conflict}). */
  public JsonObject body() {
    return body;
  }
}
