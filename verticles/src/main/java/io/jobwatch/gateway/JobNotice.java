package io.jobwatch.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jobwatch.shared.json.Json;

import java.io.IOException;

/**
 * A message on this node's address about a job it follows (JOB_STATUS_UPDATED, RUNLOG_APPENDED,
 * APP_MESSAGE): the fields that route it, read from the front of the message without reading
 * the job it carries.
 */
record JobNotice(String type, String jobId, long seq, int attempt, boolean removed, int endLine) {

  static JobNotice parse(byte[] message) {
    String type = null;
    String jobId = null;
    long seq = 0;
    int attempt = 0;
    boolean removed = false;
    int endLine = 0;
    try (JsonParser p = Json.MAPPER.getFactory().createParser(message)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "type" -> type = p.getText();
          case "jobId" -> jobId = p.getText();
          case "seq" -> seq = p.getLongValue();
          case "attempt" -> attempt = p.getIntValue();
          case "removed" -> removed = value == JsonToken.VALUE_TRUE;
          case "endLine" -> endLine = p.getIntValue();
          case "data" -> {
            return new JobNotice(type, jobId, seq, attempt, removed, endLine);
          }
          default -> p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return type == null || jobId == null ? null : new JobNotice(type, jobId, seq, attempt, removed, endLine);
  }
}
