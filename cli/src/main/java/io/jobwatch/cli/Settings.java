package io.jobwatch.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * What {@code jobwatch login} keeps for the other commands: the node URLs, the user and the token,
 * in {@code ~/.config/jobwatch/login.json} (or {@code $JOBWATCH_CONFIG_DIR}), readable by its
 * owner only.
 */
record Settings(List<String> urls, String user, String token, String expiresAt) {
  private static final String FILE = "login.json";

  static Path directory() {
    String dir = System.getenv("JOBWATCH_CONFIG_DIR");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir);
    }
    String xdg = System.getenv("XDG_CONFIG_HOME");
    return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config"))
        .resolve("jobwatch");
  }

  static Settings load() {
    Path file = directory().resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new Jobwatch.Exit(Jobwatch.Exit.REFUSED,
          "not logged in: run jobwatch login --url http://host:8080 --user NAME");
    }
    try {
      JsonObject o = new JsonObject(Files.readString(file));
      return new Settings(o.getJsonArray("urls").stream().map(String::valueOf).toList(), o.getString("user"),
          o.getString("token"), o.getString("expiresAt"));
    } catch (IOException | RuntimeException e) {
      throw new Jobwatch.Exit(Jobwatch.Exit.FAILED, "cannot read " + file + ": " + e.getMessage()
          + " (log in again: jobwatch login)");
    }
  }

  void save() {
    Path dir = directory();
    JsonObject o = new JsonObject().put("urls", new JsonArray(urls)).put("user", user).put("token", token)
        .put("expiresAt", expiresAt);
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "login", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tmp, o.encodePrettily());
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
    }
  }
}
