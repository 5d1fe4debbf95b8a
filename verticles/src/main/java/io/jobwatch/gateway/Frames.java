package io.jobwatch.gateway;

import io.jobwatch.shared.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** The server's WebSocket messages (PROTOCOL.md §3), each built once and sent as the same text to every socket. */
final class Frames {
  private Frames() {
  }

  static String error(String code, String message) {
    return new JsonObject().put("type", "error").put("code", code).put("message", message).encode();
  }

  static String pong() {
    return "{\"type\":\"pong\"}";
  }

  static String currentStatus(String jobId, byte[] jobJson) {
    return "{\"type\":\"CURRENT_JOB_STATUS\",\"jobId\":" + quote(jobId) + ",\"data\":"
        + new String(jobJson, java.nio.charset.StandardCharsets.UTF_8) + "}";
  }

  static String runLog(String jobId, int attempt, int startLine, List<String> lines) {
    return new JsonObject().put("type", "RUNLOG_UPDATED").put("jobId", jobId).put("attempt", attempt)
        .put("startLine", startLine).put("endLine", startLine + lines.size() - 1).put("lines", new JsonArray(lines))
        .encode();
  }

  static String appMessage(String jobId, String messageId, String dataJson) {
    return "{\"type\":\"APP_MESSAGE\",\"jobId\":" + quote(jobId) + ",\"messageId\":" + quote(messageId)
        + ",\"data\":" + dataJson + "}";
  }

  static String interest(JsonArray channels, boolean recovered, String message) {
    return new JsonObject().put("type", "interest").put("data", channels).put("message", message)
        .put("recovered", recovered).encode();
  }

  private static String quote(String s) {
    return Json.string(s);
  }
}
