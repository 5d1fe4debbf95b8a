package io.jobwatch.shared.protocol;

import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;

/**
 * An error answer of the contract (PROTOCOL.md §2): HTTP status, code, human message and, for
 * some codes, extra fields. Thrown or failed anywhere; written out once by the HTTP layer.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  /** Extra body fields; a plain map so that an error can cross the cluster as a registry answer. */
  private final LinkedHashMap<String, Object> extra;

  public ApiError(int status, String code, String message) {
    this(status, code, message, new JsonObject());
  }

  public ApiError(int status, String code, String message, JsonObject extra) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.extra = new LinkedHashMap<>(extra.getMap());
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The body: {@code {"error", "message", ...extra}}. */
  public JsonObject toJson() {
    JsonObject body = new JsonObject().put("error", code).put("message", getMessage());
    extra.forEach(body::put);
    return body;
  }

  public static ApiError fromJson(int status, JsonObject body) {
    JsonObject extra = body.copy();
    extra.remove("error");
    extra.remove("message");
    return new ApiError(status, body.getString("error"), body.getString("message"), extra);
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message);
  }

  public static ApiError unauthenticated(String message) {
    return new ApiError(401, "unauthenticated", message);
  }

  public static ApiError forbidden(String message) {
    return new ApiError(403, "forbidden", message);
  }

  public static ApiError unknownJob(String jobId) {
    return new ApiError(404, "unknown_job", "no such job: " + jobId, new JsonObject().put("state", "unknown"));
  }

  public static ApiError invalidTransition(String from, String event) {
    return new ApiError(409, "invalid_transition", "'" + event + "' is not allowed from state '" + from + "'",
        new JsonObject().put("from", from).put("event", event));
  }

  public static ApiError duplicateJob(String jobId) {
    return new ApiError(409, "duplicate_job", "a job with id " + jobId + " exists");
  }

  public static ApiError lineConflict(int lastLine, int after) {
    return new ApiError(409, "line_conflict",
        "the attempt's last line is " + lastLine + ", not " + after, new JsonObject().put("lastLine", lastLine));
  }

  public static ApiError tooLarge(String message) {
    return new ApiError(413, "too_large", message);
  }

  public static ApiError unavailable(String message) {
    return new ApiError(503, "unavailable", message);
  }

  public static ApiError capacity(String message) {
    return new ApiError(503, "capacity", message);
  }
}
