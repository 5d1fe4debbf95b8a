package io.jobwatch.client;

import io.vertx.core.json.JsonObject;

/** An answer of the API, as HTTP gives it: status and JSON body. */
public record Reply(int status, JsonObject body) {

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /** The body when the status says success; else a {@link JobwatchException}. */
  JsonObject orThrow() {
    if (!ok()) {
      throw JobwatchException.of(status, body);
    }
    return body;
  }
}
