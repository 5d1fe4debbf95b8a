package io.jobwatch.gateway;

import io.jobwatch.shared.json.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The server's WebSocket messages (PROTOCOL.md §3) as UTF-8 bytes, built once and sent as they are. */
final class Frames {
  private static final byte[] PONG = bytes("{\"type\":\"pong\"}");
  private static final byte[] EVENTS_START = bytes("{\"type\":\"events\",\"channel\":\"queue\",\"data\":[");
  private static final byte[] EVENTS_END = bytes("]}");
  private static final byte[] NULL = bytes("null");

  private Frames() {
  }

  static byte[] error(String code, String message) {
    return bytes(new JsonObject().put("type", "error").put("code", code).put("message", message).encode());
  }

  /** An {@code error} answering a malformed {@code call}: it names the call's id when there is one. */
  static byte[] callError(Object id, String code, String message) {
    JsonObject error = new JsonObject().put("type", "error");
    if (id != null) {
      error.put("id", id);
    }
    return bytes(error.put("code", code).put("message", message).encode());
  }

  /**
   * The {@code reply} to a call: {@code {"type":"reply","id","status","data"}}, the body as HTTP gives it.
   * Built in one array of its final size: replies are the worker channel's hottest frames.
   */
  static byte[] reply(Object id, int status, Buffer body) {
    byte[] head = bytes("{\"type\":\"reply\",\"id\":" + idJson(id) + ",\"status\":" + status + ",\"data\":");
    boolean empty = body.length() == 0;
    byte[] frame = new byte[head.length + (empty ? NULL.length : body.length()) + 1];
    System.arraycopy(head, 0, frame, 0, head.length);
    if (empty) {
      System.arraycopy(NULL, 0, frame, head.length, NULL.length);
    } else {
      body.getBytes(frame, head.length);
    }
    frame[frame.length - 1] = '}';
    return frame;
  }

  /** A call's id as JSON: clients send numbers or strings; whole numbers are written without a JSON encoder. */
  private static String idJson(Object id) {
    return id instanceof Integer || id instanceof Long ? id.toString() : Json.string(id);
  }

  static byte[] pong() {
    return PONG;
  }

  static byte[] currentStatus(String jobId, byte[] jobJson) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(jobJson.length + 64);
    out.writeBytes(bytes("{\"type\":\"CURRENT_JOB_STATUS\",\"jobId\":"));
    out.writeBytes(Json.bytes(jobId));
    out.writeBytes(bytes(",\"data\":"));
    out.writeBytes(jobJson);
    out.write('}');
    return out.toByteArray();
  }

  static byte[] runLog(String jobId, int attempt, int startLine, List<String> lines) {
    return bytes(new JsonObject().put("type", "RUNLOG_UPDATED").put("jobId", jobId).put("attempt", attempt)
        .put("startLine", startLine).put("endLine", startLine + lines.size() - 1).put("lines", new JsonArray(lines))
        .encode());
  }

  static byte[] appMessage(String jobId, String messageId, String dataJson) {
    return bytes("{\"type\":\"APP_MESSAGE\",\"jobId\":" + Json.string(jobId) + ",\"messageId\":" + Json.string(messageId)
        + ",\"data\":" + dataJson + "}");
  }

  static byte[] interest(JsonArray channels, boolean recovered, String message) {
    return bytes(new JsonObject().put("type", "interest").put("data", channels).put("message", message)
        .put("recovered", recovered).encode());
  }

  /** The answer to a queue {@code interest}: also the offset the stream goes on from ({@code next}). */
  static byte[] interest(JsonArray channels, boolean recovered, String message, long next) {
    return bytes(new JsonObject().put("type", "interest").put("data", channels).put("message", message)
        .put("recovered", recovered).put("next", next).encode());
  }

  /** An {@code error} about one followed job (a refused subscribe): it names the job. */
  static byte[] jobError(String jobId, String code, String message) {
    return bytes(new JsonObject().put("type", "error").put("jobId", jobId).put("code", code).put("message", message)
        .encode());
  }

  /** An {@code events} frame of these {@code event} messages, in order. */
  static byte[] events(List<byte[]> events, int size) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(size + events.size() + EVENTS_START.length + 2);
    out.writeBytes(EVENTS_START);
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(events.get(i));
    }
    out.writeBytes(EVENTS_END);
    return out.toByteArray();
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
