package io.jobwatch.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** A user as kept in the cluster: never the password, only its salted hash. */
public record UserRecord(String name, String passwordHash, List<String> roles, List<String> perms, String realname,
                         String email) {

  /** The user as {@code GET /users} shows it: everything but the hash. */
  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("roles", new JsonArray(roles)).put("perms", new JsonArray(perms))
        .put("realname", realname).put("email", email);
  }
}
